package dev.rashomon.bench.outrank;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.functions;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark's columnar Parquet scan of the label and feature columns and nothing else: every batch is read and
 * decoded into its column vectors (which the vectorized reader does for every column of a batch), then only its
 * rows are counted. No job that reads this input through Spark can be faster, which bounds what the raw loop
 * comparison can show.
 */
final class ScanOnly {
    private static final String MAX_FIELDS = "spark.sql.codegen.maxFields";

    private ScanOnly() {
    }

    /** The rows the scan decoded. */
    static long run(Dataset<Row> input, List<String> columns) {
        Dataset<Row> selected = input.select(columns.stream().map(functions::col).toArray(Column[]::new));
        RuntimeConfig conf = input.sparkSession().conf();
        String before = conf.contains(MAX_FIELDS) ? conf.get(MAX_FIELDS) : null;
        // Spark plans a columnar scan only up to this many columns.
        conf.set(MAX_FIELDS, Math.max(100, columns.size() + 1));
        try {
            SparkPlan plan = selected.queryExecution().executedPlan();
            List<SparkPlan> leaves = CollectionConverters.asJava(plan.collectLeaves());
            if (leaves.size() != 1 || !(leaves.get(0) instanceof FileSourceScanExec scan) || !scan.supportsColumnar()) {
                throw new IllegalStateException("not a columnar file scan: " + plan.treeString());
            }
            return scan.executeColumnar().toJavaRDD().map(batch -> (long) batch.numRows()).reduce(Long::sum);
        } finally {
            if (before == null) {
                conf.unset(MAX_FIELDS);
            } else {
                conf.set(MAX_FIELDS, before);
            }
        }
    }
}
