package dev.rashomon.outrank.compat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of OutRank's output files (reference sections 8 and 9), from the aggregated scores:
 * {@code pairwise_ranks.tsv}, {@code feature_singles.tsv}, {@code feature_singles_aggregated.tsv},
 * {@code feature_singles_transformers_only_imp.tsv}, {@code value_repetitions.json},
 * {@code memory.tsv}. Ties, which OutRank orders arbitrarily (unstable sorts), are ordered by name.
 */
final class OutrankFiles {
    /** Value-repetition thresholds: how many values were seen more than 0, 1, 10, … times. */
    static final long[] REPETITION_THRESHOLDS = {0, 1, 10, 100, 1_000, 10_000, 100_000};

    private OutrankFiles() {
    }

    /** One row of pairwise_ranks.tsv. */
    record Triplet(String featureA, String featureB, double score) {
    }

    /** One row of feature_singles.tsv. */
    record Single(String feature, double score) {
    }

    static String pairwiseRanks(List<Triplet> triplets) {
        List<Triplet> sorted = new ArrayList<>(triplets);
        sorted.sort(Comparator.comparingDouble(Triplet::score).thenComparing(Triplet::featureA).thenComparing(Triplet::featureB));
        StringBuilder text = new StringBuilder("FeatureA\tFeatureB\tScore\n");
        for (Triplet t : sorted) {
            text.append(t.featureA()).append('\t').append(t.featureB()).append('\t').append(PythonFormat.repr(t.score())).append('\n');
        }
        return text.toString();
    }

    /**
     * OutRank's ranking_summary: the rows that involve the label (recognised, as OutRank does, by
     * {@code name.split('-')[0]}), the median per feature, min-max scaled over all rows including
     * the label's own when the heuristic's name contains "MI"; highest first. The scores are taken
     * as pandas reads them back from pairwise_ranks.tsv.
     */
    static List<Single> singles(List<Triplet> triplets, String label, String heuristic) {
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        for (Triplet t : triplets) {
            double score = PythonFormat.pandasParse(PythonFormat.repr(t.score()));
            if (label.equals(t.featureA().split("-", -1)[0])) {
                scores.computeIfAbsent(t.featureB(), k -> new ArrayList<>()).add(score);
            } else if (label.equals(t.featureB().split("-", -1)[0])) {
                scores.computeIfAbsent(t.featureA(), k -> new ArrayList<>()).add(score);
            }
        }
        List<Single> singles = new ArrayList<>();
        scores.forEach((feature, values) -> singles.add(new Single(feature, median(values))));
        if (heuristic.contains("MI") && !singles.isEmpty()) {
            double min = singles.stream().mapToDouble(Single::score).min().orElseThrow();
            double max = singles.stream().mapToDouble(Single::score).max().orElseThrow();
            singles.replaceAll(s -> new Single(s.feature(), (s.score() - min) / (max - min)));
        }
        singles.sort(Comparator.comparingDouble(Single::score).reversed().thenComparing(Single::feature));
        return singles;
    }

    static String singlesTable(List<Single> singles, String heuristic) {
        StringBuilder text = new StringBuilder("Feature\tScore " + heuristic + "\n");
        for (Single s : singles) {
            text.append(s.feature()).append('\t').append(PythonFormat.repr(s.score())).append('\n');
        }
        return text.toString();
    }

    /** feature_singles_aggregated.tsv: each combination's scaled score credited to its members; median per member. */
    static String aggregated(List<Single> singles, int order, String heuristic) {
        Map<String, List<Double>> members = new LinkedHashMap<>();
        for (Single s : singles) {
            if (s.feature().contains("AND")) {
                for (String member : s.feature().split("-", -1)[0].split(" AND ", -1)) {
                    members.computeIfAbsent(member, k -> new ArrayList<>()).add(s.score());
                }
            }
        }
        StringBuilder text = new StringBuilder("Feature\tCombined score (order: " + order + ", " + heuristic + ")\n");
        members.forEach((member, values) -> text.append(member).append('\t').append(PythonFormat.repr(median(values))).append('\n'));
        return text.toString();
    }

    /** The median as pandas and NumPy take it: the middle value, or the mean of the two middle ones. */
    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** value_repetitions.json, in Python's json.dumps layout. */
    static String valueRepetitions(Map<String, long[]> bucketsByColumn) {
        StringBuilder text = new StringBuilder("{");
        boolean firstColumn = true;
        for (Map.Entry<String, long[]> column : bucketsByColumn.entrySet()) {
            text.append(firstColumn ? "" : ", ").append(jsonString(column.getKey())).append(": {");
            for (int i = 0; i < REPETITION_THRESHOLDS.length; i++) {
                text.append(i == 0 ? "" : ", ").append('"').append(REPETITION_THRESHOLDS[i]).append("\": ").append(column.getValue()[i]);
            }
            text.append('}');
            firstColumn = false;
        }
        return text.append('}').toString();
    }

    /** memory.tsv: pandas' Series.to_csv layout. */
    static String memory(Map<String, Double> bytesPerValue) {
        StringBuilder text = new StringBuilder("\t0\n");
        bytesPerValue.forEach((column, bytes) -> text.append(column).append('\t').append(PythonFormat.repr(bytes)).append('\n'));
        return text.toString();
    }

    /** A JSON string as Python's json.dumps writes it (ASCII only, \\uXXXX escapes). */
    static String jsonString(String value) {
        StringBuilder text = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\b' -> text.append("\\b");
                case '\f' -> text.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        return text.append('"').toString();
    }
}
