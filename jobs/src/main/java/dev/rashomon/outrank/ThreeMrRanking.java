package dev.rashomon.outrank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * OutRank's 3MR (minimum redundancy, maximum relevance and relation; reference 5.10, the algorithm
 * OutRank 0.97.6 intends but does not run): relevance(f) = score(f, label), redundancy(a, b) =
 * score(a, b), relation(a, b) = score(a AND b, label), each min-max normalised over its own
 * entries; starting from the most relevant feature, repeatedly add the feature that maximises
 * {@code relevance(f) − median redundancy(s, f) + median relation(s, f)} over the features s
 * already ranked. Every score is mi_adjusted; ties go to the feature first in name order.
 */
public final class ThreeMrRanking {
    public static final StructType SCHEMA = new StructType()
            .add("rank", DataTypes.IntegerType, false)
            .add("feature", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, false)
            .add("relevance", DataTypes.DoubleType, false)
            .add("redundancy_median", DataTypes.DoubleType, false)
            .add("relation_median", DataTypes.DoubleType, false);

    /** One selection step. */
    public record Step(String feature, double score, double relevance, double redundancy, double relation) {
    }

    private ThreeMrRanking() {
    }

    static List<Step> rank(Map<String, Double> relevance, List<PairScore> pairs) {
        return rank(relevance, byPair(pairs, PairScore::miAdjusted), byPair(pairs, PairScore::relation));
    }

    /**
     * @param redundancy score(a, b) by {@link #key(String, String)}
     * @param relation score(a AND b, label) by {@link #key(String, String)}; missing pairs count 0
     */
    public static List<Step> rank(Map<String, Double> relevanceScores, Map<String, Double> redundancyScores,
                                  Map<String, Double> relationScores) {
        Map<String, Double> rel = normalise(relevanceScores);
        Map<String, Double> redundancy = normalise(redundancyScores);
        Map<String, Double> relation = normalise(relationScores);
        List<String> candidates = new ArrayList<>(rel.keySet());
        candidates.sort(String::compareTo);
        List<Step> steps = new ArrayList<>();
        List<String> ranked = new ArrayList<>();
        while (!candidates.isEmpty()) {
            Step best = null;
            for (String f : candidates) {
                double red = ranked.isEmpty() ? 0 : median(ranked, s -> redundancy.getOrDefault(key(s, f), 0.0));
                double relat = ranked.isEmpty() ? 0 : median(ranked, s -> relation.getOrDefault(key(s, f), 0.0));
                double score = rel.get(f) - red + relat;
                if (best == null || score > best.score()) {
                    best = new Step(f, score, rel.get(f), red, relat);
                }
            }
            steps.add(best);
            ranked.add(best.feature());
            candidates.remove(best.feature());
        }
        return steps;
    }

    public static Dataset<Row> toTable(SparkSession spark, List<Step> steps) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            rows.add(RowFactory.create(i + 1, s.feature(), s.score(), s.relevance(), s.redundancy(), s.relation()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static Map<String, Double> byPair(List<PairScore> pairs, ToDoubleFunction<PairScore> score) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (PairScore pair : pairs) {
            map.put(key(pair.featureA(), pair.featureB()), score.applyAsDouble(pair));
        }
        return map;
    }

    /** The key of an unordered pair. */
    public static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "\u0000" + b : b + "\u0000" + a;
    }

    /** (s − min) / (max − min) over the map's values; all 0 when they are all equal. */
    static Map<String, Double> normalise(Map<String, Double> scores) {
        double min = scores.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        Map<String, Double> out = new HashMap<>();
        scores.forEach((k, v) -> out.put(k, max == min ? 0.0 : (v - min) / (max - min)));
        return out;
    }

    private static double median(List<String> ranked, ToDoubleFunction<String> value) {
        double[] values = ranked.stream().mapToDouble(value).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
