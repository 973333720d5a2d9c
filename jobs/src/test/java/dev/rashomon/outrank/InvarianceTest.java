package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * Exact mode does not depend on how the input is split or ordered: the same rows in 1, 3 or 16
 * partitions, or shuffled, give the same table, and so do the same rows as Parquet in 1 or 5 files
 * (counted from column vectors, not rows). Counts are integers and every float is summed
 * over sorted histograms, so the tables are equal to the last bit, stronger than the 1e-12 asked.
 */
class InvarianceTest extends SparkTestBase {

    @Test
    void partitionCountAndRowOrderDoNotChangeTheRanking() {
        Dataset<Row> bank = bankRows();
        List<Row> reference = null;
        for (int partitions : new int[] {1, 3, 16}) {
            List<Row> ranking = rankSplit(bank.repartition(partitions), "split" + partitions, partitions, "csv");
            if (reference == null) {
                reference = ranking;
            }
            assertThat(ranking).as("%d partitions", partitions).isEqualTo(reference);
        }
        Dataset<Row> shuffled = bank.repartition(3).sortWithinPartitions(functions.rand(20261126L));
        assertThat(shuffled.limit(1).collectAsList()).isNotEqualTo(bank.limit(1).collectAsList());
        assertThat(rankSplit(shuffled, "shuffled", 3, "csv")).as("shuffled rows").isEqualTo(reference);
        for (int files : new int[] {1, 5}) {
            assertThat(rankSplit(shuffled.repartition(files), "parquet" + files, files, "parquet"))
                    .as("Parquet in %d files", files).isEqualTo(reference);
        }
        assertThat(reference).hasSize(16);
    }

    /** Writes the rows as CSV or Parquet files, one input partition per file, and ranks them. */
    private List<Row> rankSplit(Dataset<Row> rows, String name, int expectedPartitions, String format) {
        Path data = temp.resolve(name + "-data");
        rows.write().option("header", "true").format(format).save(data.toString());
        Path out = temp.resolve(name + "-out");
        // A large open cost per file keeps Spark from packing several small files into one partition.
        withSqlConf(Map.of("spark.sql.files.openCostInBytes", String.valueOf(1L << 30)), () -> {
            RunResult result = run("outrank", "--config", config("""
                    input: {path: %s, format: %s}
                    label: {column: y}
                    output: {path: %s}
                    """.formatted(data, format, out)).toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
        });
        assertThat(runJson(out).at("/input/partitions").asInt()).isEqualTo(expectedPartitions);
        return ranking(out.resolve("feature_ranking"));
    }
}
