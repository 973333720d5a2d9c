package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The compatible mode on the suite's table formats: OutRank's test-vector data as a gzipped CSV
 * file and as Parquet split over three files (rows in path order) ranks exactly as OutRank ranked
 * it in its csv-raw layout.
 */
class SuiteFormatsCompatTest extends SparkTestBase {

    private Path vectorData() throws IOException {
        Path file = temp.resolve("data20k.csv.gz");
        try (InputStream in = getClass().getResourceAsStream("/outrank-vectors/data20k.csv.gz")) {
            Files.copy(in, file);
        }
        return file;
    }

    private void assertReproducesTheVector(Path input, String format) throws IOException {
        Path out = temp.resolve("out-" + format);
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: %s}
                outrank:
                  mode: outrank-compat
                  compat: {subsampling: 1}
                output: {path: %s}
                """.formatted(input, format, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/outrank-vectors/minr_target/pairwise_ranks.tsv")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(OutrankVectorsTest.scores(Files.readString(out.resolve("outrank/pairwise_ranks.tsv")), 2))
                .isEqualTo(OutrankVectorsTest.scores(expected, 2));
    }

    @Test
    void aGzippedCsvFile() throws IOException {
        assertReproducesTheVector(vectorData(), "csv");
    }

    @Test
    void parquetInThreeFilesInPathOrder() throws IOException {
        // Empty fields are '' in OutRank: keep them as empty strings, not nulls, in the Parquet files.
        Dataset<Row> csv = spark.read().option("header", "true").csv(vectorData().toString()).coalesce(1).na().fill("");
        List<Row> rows = csv.collectAsList();
        Path folder = temp.resolve("parquet");
        int[] cuts = {0, 7000, 13500, rows.size()};
        for (int part = 0; part < 3; part++) {
            spark.createDataFrame(rows.subList(cuts[part], cuts[part + 1]), csv.schema()).coalesce(1)
                    .write().parquet(folder.resolve("part-" + part).toString());
        }
        assertReproducesTheVector(folder, "parquet");
    }
}
