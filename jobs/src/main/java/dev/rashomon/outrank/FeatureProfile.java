package dev.rashomon.outrank;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code feature_profile} table: per feature, OutRank's data-quality figures computed exactly
 * over all rows: value-repetition buckets (distinct values seen more than 1, 10, … 100,000 times),
 * rare values, mean bytes per value, and for numeric features min, max, mean and median. Also the
 * {@code rare_values} table: every value seen at most a given number of times.
 */
final class FeatureProfile {
    static final long[] REPETITIONS = {1, 10, 100, 1_000, 10_000, 100_000};
    static final StructType SCHEMA = schema();
    static final StructType RARE_SCHEMA = new StructType()
            .add("feature", DataTypes.StringType, false)
            .add("value", DataTypes.StringType, false)
            .add("count", DataTypes.LongType, false);

    private FeatureProfile() {
    }

    private static StructType schema() {
        StructType schema = new StructType()
                .add("feature", DataTypes.StringType, false)
                .add("rows", DataTypes.LongType, false)
                .add("cardinality", DataTypes.LongType, false)
                .add("coverage", DataTypes.DoubleType, false)
                .add("singletons", DataTypes.LongType, false);
        for (long times : REPETITIONS) {
            schema = schema.add("values_seen_over_" + times, DataTypes.LongType, false);
        }
        return schema
                .add("rare_values", DataTypes.LongType, false)
                .add("bytes_per_value", DataTypes.DoubleType, false)
                .add("numeric", DataTypes.BooleanType, false)
                .add("min", DataTypes.DoubleType, true)
                .add("max", DataTypes.DoubleType, true)
                .add("mean", DataTypes.DoubleType, true)
                .add("median", DataTypes.DoubleType, true);
    }

    static Dataset<Row> toTable(SparkSession spark, List<String> features, Map<String, FeatureCounts> counts, long rows,
                                int rareBound, Map<String, Double> medians) {
        List<Row> table = new ArrayList<>();
        FeatureCounts none = new FeatureCounts();
        for (String feature : features) {
            FeatureCounts c = counts.getOrDefault(feature, none);
            List<Object> values = new ArrayList<>(List.of(feature, rows, c.cardinality(),
                    (double) c.presentRows() / rows, c.singletons()));
            for (long times : REPETITIONS) {
                values.add(c.valuesSeenMoreThan(times));
            }
            boolean numeric = c.isNumeric();
            values.add(c.cardinality() - c.valuesSeenMoreThan(rareBound));
            values.add((double) c.valueBytes / rows);
            values.add(numeric);
            values.add(numeric ? c.min : null);
            values.add(numeric ? c.max : null);
            values.add(numeric ? c.numericSum().doubleValue() / c.numericRows : null);
            values.add(numeric ? medians.get(feature) : null);
            table.add(RowFactory.create(values.toArray()));
        }
        return spark.createDataFrame(table, SCHEMA);
    }

    /** Every (feature, value) seen in at most {@code bound} rows (distributed: no value list reaches the driver). */
    static Dataset<Row> rareValues(SparkSession spark, JavaPairRDD<FeatureValue, ClassCounts> values, int bound) {
        return spark.createDataFrame(values
                .filter(record -> record._2().total() <= bound)
                .map(record -> RowFactory.create(record._1().feature, record._1().value, record._2().total())), RARE_SCHEMA);
    }
}
