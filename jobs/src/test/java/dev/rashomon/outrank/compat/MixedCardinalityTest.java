package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mixed-cardinality csv-raw data (2 to 100,000 values per column, '' and '{}' markers, quoted
 * commas, latin-1 text, lines with the wrong field count, the label between features): the
 * distributed compatible mode, with the file split into many partitions, gives exactly what a
 * sequential re-statement of OutRank's algorithm gives, for subsampling 1 and 10, target-only and
 * all-pairs, over several full batches and a scored remainder.
 */
class MixedCardinalityTest extends SparkTestBase {
    private static final int LINES = 110_000;
    private static Path data;

    @BeforeAll
    static void generate(@TempDir Path dir) throws IOException {
        data = Files.createDirectories(dir.resolve("mixed"));
        Random random = new Random(20261126);
        try (Writer out = Files.newBufferedWriter(data.resolve("data.csv"), StandardCharsets.ISO_8859_1)) {
            out.write("f2,f10,label,f1k,f100k,fq,f50\n");
            for (int i = 1; i <= LINES; i++) {
                int f10 = random.nextInt(10);
                int f50 = random.nextInt(50);
                boolean signal = (f10 < 3) ^ (random.nextDouble() < 0.1) ^ (f50 < 5 && random.nextDouble() < 0.5);
                String f10Text = random.nextDouble() < 0.1 ? "" : "v" + f10;
                String f1k = random.nextDouble() < 0.05 ? "{}" : String.valueOf(random.nextInt(1000));
                String quoted = "\"caf\u00e9," + random.nextInt(50) + "\"";
                out.write(random.nextInt(2) + "," + f10Text + "," + (signal ? 1 : 0) + "," + f1k + ","
                        + (int) ((i * 7919L) % 100_000) + "," + quoted + "," + f50
                        + (i % 997 == 0 ? ",extra" : "") + "\n");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 16384, true", "1, 16384, false", "10, 4096, true", "10, 4096, false"})
    void distributedBatchesMatchASequentialRun(int subsampling, int batchSize, boolean targetOnly) throws IOException {
        Map<List<String>, Double> expected = SequentialOutrank.pairwise(data.resolve("data.csv"), "label",
                subsampling, batchSize, targetOnly);
        Path out = temp.resolve("out");
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        String key = "mapreduce.input.fileinputformat.split.maxsize";
        String previous = hadoop.get(key);
        hadoop.set(key, String.valueOf(256 * 1024)); // about 16 partitions of the ~4 MB file
        try {
            RunResult result = run("outrank", "--config", config("""
                    input: {path: %s, format: csv-raw}
                    outrank:
                      mode: outrank-compat
                      compat: {subsampling: %d, minibatch_size: %d, target_ranking_only: %s}
                    output: {path: %s}
                    """.formatted(data, subsampling, batchSize, targetOnly, out)).toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
        } finally {
            if (previous == null) {
                hadoop.unset(key);
            } else {
                hadoop.set(key, previous);
            }
        }
        assertThat(runJson(out).at("/rows/invalid_lines_dropped").asLong()).isPositive();
        assertThat(runJson(out).at("/rows/remainder_scored").asBoolean()).isTrue();
        assertThat(runJson(out).at("/batches").asLong()).isGreaterThanOrEqualTo(3);

        Map<List<String>, Double> produced = new HashMap<>();
        OutrankVectorsTest.scores(Files.readString(out.resolve("outrank/pairwise_ranks.tsv")), 2)
                .forEach((pair, score) -> produced.put(List.of(pair.split("\t")), score));
        assertThat(produced.keySet()).isEqualTo(expected.keySet());
        assertThat(produced).isEqualTo(expected);
        // feature_singles.tsv: each feature's score against the label, min-max scaled over all of them
        // and the label's own score (OutRank's summary), checked to the 1e-6.
        Map<String, Double> againstLabel = new HashMap<>();
        expected.forEach((pair, score) -> {
            if (pair.get(1).startsWith("label-(")) {
                againstLabel.put(pair.get(0), score);
            }
        });
        double min = againstLabel.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = againstLabel.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        Map<String, Double> singles = OutrankVectorsTest.scores(Files.readString(out.resolve("outrank/feature_singles.tsv")), 1);
        assertThat(singles.keySet()).isEqualTo(againstLabel.keySet());
        againstLabel.forEach((feature, score) -> assertThat(singles.get(feature)).as(feature)
                .isCloseTo((score - min) / (max - min), org.assertj.core.api.Assertions.within(1e-6)));

        // The high-cardinality column really is one: ~100,000 distinct values when every line is read.
        String f100k = produced.keySet().stream().map(pair -> pair.get(0)).filter(name -> name.startsWith("f100k-("))
                .findFirst().orElseThrow();
        long cardinality = Long.parseLong(f100k.substring("f100k-(".length(), f100k.indexOf(';')));
        // At subsampling 10 only lines 10, 20, … are read: (10k·7919) mod 100000 takes at most 10,000 values.
        assertThat(cardinality).isGreaterThan(subsampling == 1 ? 99_000 : 9_900);
    }
}
