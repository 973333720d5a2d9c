package dev.rashomon.outrank;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The {@code feature_ranking} table: features ordered by a score, with a 1-based rank. */
final class FeatureRanking {
    static final StructType SCHEMA = new StructType()
            .add("rank", DataTypes.IntegerType, false)
            .add("feature", DataTypes.StringType, false)
            .add("mi_adjusted", DataTypes.DoubleType, false)
            .add("mi", DataTypes.DoubleType, false)
            .add("emi", DataTypes.DoubleType, false)
            .add("ami", DataTypes.DoubleType, false)
            .add("nmi", DataTypes.DoubleType, false)
            .add("su", DataTypes.DoubleType, false)
            .add("gain_ratio", DataTypes.DoubleType, false)
            .add("g_stat", DataTypes.DoubleType, false)
            .add("g_dof", DataTypes.LongType, false)
            .add("g_pvalue", DataTypes.DoubleType, false)
            .add("entropy", DataTypes.DoubleType, false)
            .add("cardinality", DataTypes.LongType, false)
            .add("categories", DataTypes.LongType, false)
            .add("coverage", DataTypes.DoubleType, false)
            .add("singletons", DataTypes.LongType, false)
            .add("top_value", DataTypes.StringType, true)
            .add("top_share", DataTypes.DoubleType, false)
            .add("rows", DataTypes.LongType, false)
            .add("treatment", DataTypes.StringType, false);

    private FeatureRanking() {
    }

    /** Sorts by the score, highest first; ties (and NaN, last) by feature name. */
    static List<FeatureScore> rank(List<FeatureScore> scores, RankBy rankBy) {
        List<FeatureScore> ranked = new ArrayList<>(scores);
        ranked.sort(Comparator.<FeatureScore>comparingDouble(s -> Double.isNaN(rankBy.of(s)) ? Double.NEGATIVE_INFINITY : rankBy.of(s))
                .reversed()
                .thenComparing(FeatureScore::feature));
        return ranked;
    }

    static Dataset<Row> toTable(SparkSession spark, List<FeatureScore> ranked) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            FeatureScore s = ranked.get(i);
            rows.add(RowFactory.create(i + 1, s.feature(), s.miAdjusted(), s.mi(), s.emi(), s.ami(), s.nmi(), s.su(),
                    s.gainRatio(), s.gStat(), s.gDof(), s.gPvalue(), s.entropy(), s.cardinality(), s.categories(),
                    s.coverage(), s.singletons(), s.topValue(), s.topShare(), s.rows(), s.treatment()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }
}
