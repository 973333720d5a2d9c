package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.cli.Rashomon;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Huge inputs (issue 8): a 10 MB cell is counted like any other value; a header wider than Spark's
 * CSV reader takes is refused before any scan; a feature's counting table stays within its stated
 * bytes per distinct value.
 */
class HugeInputTest extends SparkTestBase {
    private static final int TEN_MB = 10 * 1024 * 1024;

    private String config(Path input, String mode) {
        String outrank = mode.equals("exact") ? "{mode: exact}"
                : "{mode: outrank-compat, compat: {subsampling: 1, minibatch_size: 2, include_cardinality_in_feature_names: false}}";
        return "input: {path: %s, format: csv}\nlabel: {column: y}\noutrank: %s\noutput: {path: %s}\n"
                .formatted(input, outrank, temp.resolve("out"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exact", "compat"})
    void aTenMegabyteCellIsOneMoreValue(String mode) throws IOException {
        String big = "x".repeat(TEN_MB);
        Path input = file("big.csv", "a,b,y\n1,p,yes\n2," + big + ",no\n3,q,yes\n4,p,no\n");

        RunResult result = run("outrank", "--config", config(config(input, mode)).toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> features = spark.read().parquet(temp.resolve("out/feature_ranking").toString())
                .select("feature").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertThat(features).contains("a", "b");
        if (mode.equals("exact")) {
            Row b = spark.read().parquet(temp.resolve("out/feature_ranking").toString()).where("feature = 'b'").first();
            assertThat(b.<Long>getAs("cardinality")).isEqualTo(3); // p, q and the 10 MB value
            assertThat(b.<Long>getAs("singletons")).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exact", "compat"})
    void aHeaderWiderThanSparksCsvReaderIsRefused(String mode) throws IOException {
        Path input = temp.resolve("wide.csv");
        try (Writer out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (int c = 0; c < 20_480; c++) {
                out.write("c" + c + ",");
            }
            out.write("y\n");
            out.write("0,".repeat(20_480) + "yes\n");
        }

        RunResult result = run("outrank", "--config", config(config(input, mode)).toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.firstErrorLine()).startsWith("rashomon outrank: error: input file ")
                .contains("wide.csv has 20,481 columns", "input.options.maxColumns: 20480", "--driver-memory");
        assertThat(temp.resolve("out")).doesNotExist();
    }

    @Test
    void aFeatureCountingTableCostsItsStatedBytesPerValue() {
        // (key bytes + 20 + 8 × classes) per value, at most doubled by the arrays' growth
        int values = 1_000_000;
        ValueSlots slots = new ValueSlots(2);
        long keyBytes = 0;
        for (int v = 0; v < values; v++) {
            byte[] key = Integer.toString(v * 7919, 36).getBytes(StandardCharsets.UTF_8);
            keyBytes += key.length;
            slots.add(slots.slotOf(key), v % 2);
        }

        assertThat(slots.size()).isEqualTo(values);
        long stated = keyBytes + (20L + 8 * 2) * values;
        assertThat(slots.footprintBytes()).isGreaterThan(stated / 2).isLessThanOrEqualTo(2 * stated);
    }
}
