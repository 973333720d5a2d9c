package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** A row sample is decided by each row's content and the seed: independent of the input's split. */
class SampleTest extends SparkTestBase {

    @Test
    void halfSampleIsAboutHalfAndTheSameForAnySplit() {
        Path oneFile = temp.resolve("one");
        bankRows().coalesce(1).write().option("header", "true").csv(oneFile.toString());
        Path fourFiles = temp.resolve("four");
        bankRows().repartition(4).write().option("header", "true").csv(fourFiles.toString());

        JsonNode first = sampled(oneFile, "a", 7);
        JsonNode second = sampled(fourFiles, "b", 7);
        long used = first.at("/rows/used").asLong();
        // Binomial(45211, 0.5): 4 standard deviations are ±425 rows.
        assertThat(used).isBetween(45_211 / 2 - 425L, 45_211 / 2 + 425L);
        assertThat(first.at("/rows/sampled_out").asLong()).isEqualTo(45_211 - used);
        assertThat(second.at("/rows/used").asLong()).isEqualTo(used);
        assertThat(first.at("/sample/seed").asLong()).isEqualTo(7);
        List<Row> a = ranking(temp.resolve("a/feature_ranking"));
        assertThat(ranking(temp.resolve("b/feature_ranking"))).isEqualTo(a);

        JsonNode otherSeed = sampled(oneFile, "c", 8);
        assertThat(otherSeed.at("/rows/used").asLong()).isNotEqualTo(used);
    }

    private JsonNode sampled(Path input, String name, long seed) {
        Path out = temp.resolve(name);
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                sample: {fraction: 0.5, seed: %d}
                output: {path: %s}
                """.formatted(input, seed, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return runJson(out);
    }
}
