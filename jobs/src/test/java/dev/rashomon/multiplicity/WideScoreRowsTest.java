package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.io.TabularInput;
import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * Wide Parquet scores are read from the scan's column batches when the plan is the scan (plus the file-name
 * column every input gets), and through rows otherwise; both give the same rows, scores and files.
 */
class WideScoreRowsTest extends SparkTestBase {
    private static final List<String> NO_GROUPS = List.of();

    private Path wideParquet() {
        Path path = temp.resolve("wide.parquet");
        spark.range(0, 500).select(functions.col("id").as("row_id"), functions.expr("cast(id % 2 as int)").as("label"),
                functions.expr("array(cast(id as double) / 1000, 1 - cast(id as double) / 1000, cast(0.5 as double))").as("scores"))
                .repartition(3).write().parquet(path.toString());
        return path;
    }

    /** The rows as InputReader gives them: the file's columns, then the file name. */
    private static Dataset<Row> asInput(Dataset<Row> rows) {
        return rows.withColumn(TabularInput.FILE_COLUMN, functions.input_file_name());
    }

    private static int fileColumn(Dataset<Row> rows) {
        return List.of(rows.columns()).indexOf(TabularInput.FILE_COLUMN);
    }

    @Test
    void aPlainScanIsReadByColumnAndAnythingElseByRow() {
        Dataset<Row> parquet = asInput(spark.read().parquet(wideParquet().toString()));
        assertThat(WideScoreRows.columnarScan(parquet.queryExecution().executedPlan(), fileColumn(parquet))).isPresent();
        Dataset<Row> filtered = parquet.where("row_id > 10");
        assertThat(WideScoreRows.columnarScan(filtered.queryExecution().executedPlan(), fileColumn(filtered))).isEmpty();
        Dataset<Row> computed = parquet.withColumn("extra", functions.lit(1));
        assertThat(WideScoreRows.columnarScan(computed.queryExecution().executedPlan(), fileColumn(computed))).isEmpty();
        Path csv = temp.resolve("rows.csv");
        spark.range(0, 5).write().option("header", "true").csv(csv.toString());
        Dataset<Row> text = asInput(spark.read().option("header", "true").csv(csv.toString()));
        assertThat(WideScoreRows.columnarScan(text.queryExecution().executedPlan(), fileColumn(text))).isEmpty();
    }

    @Test
    void batchesAndRowsGiveTheSameRows() {
        Dataset<Row> parquet = asInput(spark.read().parquet(wideParquet().toString()));
        // A no-op filter keeps the same rows but takes the row path.
        Dataset<Row> viaRows = parquet.where("row_id >= 0");
        List<String> byColumn = describe(parquet);
        assertThat(byColumn).hasSize(500).isEqualTo(describe(viaRows));
        assertThat(byColumn.get(7)).isEqualTo("7 1 [0.007, 0.993, 0.5]");
    }

    private static List<String> describe(Dataset<Row> rows) {
        LineParser parser = new LineParser(rows, NO_GROUPS, "predictions test", false, 1e-6);
        return WideScoreRows.read(rows, parser, 3).collect().stream()
                .sorted(Comparator.comparingLong(r -> (Long) r.rowId()))
                .map(r -> r.rowId() + " " + r.label() + " " + java.util.Arrays.toString(r.scores())).toList();
    }
}
