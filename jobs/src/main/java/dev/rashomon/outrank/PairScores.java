package dev.rashomon.outrank;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The {@code pairwise} table: one row per pair of features (in feature order). */
final class PairScores {
    static final StructType SCHEMA = new StructType()
            .add("feature_a", DataTypes.StringType, false)
            .add("feature_b", DataTypes.StringType, false)
            .add("mi", DataTypes.DoubleType, false)
            .add("emi", DataTypes.DoubleType, false)
            .add("mi_adjusted", DataTypes.DoubleType, false)
            .add("nmi", DataTypes.DoubleType, false)
            .add("relation", DataTypes.DoubleType, false);

    private PairScores() {
    }

    static Dataset<Row> toTable(SparkSession spark, List<PairScore> pairs) {
        List<Row> rows = new ArrayList<>();
        for (PairScore p : pairs) {
            rows.add(RowFactory.create(p.featureA(), p.featureB(), p.mi(), p.emi(), p.miAdjusted(), p.nmi(), p.relation()));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }
}
