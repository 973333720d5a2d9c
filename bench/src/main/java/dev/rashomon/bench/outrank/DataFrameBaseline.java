package dev.rashomon.bench.outrank;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * What a competent Spark user writes first: stack the features into (feature, value, label) rows,
 * {@code groupBy(feature, value, label).count()}, then the marginals by window sums and MI as one
 * more aggregation, all in Spark; only the per-feature MI is collected.
 */
final class DataFrameBaseline {
    private DataFrameBaseline() {
    }

    static Map<String, Double> run(Dataset<Row> data, List<String> features) {
        String stack = "stack(" + features.size() + ", "
                + features.stream().map(f -> "'" + f + "', " + f).collect(Collectors.joining(", ")) + ") as (feature, value)";
        Dataset<Row> counts = data.selectExpr("label", stack).groupBy("feature", "value", "label").count();
        Dataset<Row> mi = counts
                .withColumn("nv", sum("count").over(Window.partitionBy("feature", "value")))
                .withColumn("nc", sum("count").over(Window.partitionBy("feature", "label")))
                .withColumn("n", sum("count").over(Window.partitionBy("feature")))
                .groupBy("feature")
                .agg(greatest(lit(0.0), sum(expr("count / n * ln(n * count / (nv * nc))"))).as("mi"));
        Map<String, Double> out = new HashMap<>();
        for (Row row : mi.collectAsList()) {
            out.put(row.getString(0), row.getDouble(1));
        }
        return out;
    }
}
