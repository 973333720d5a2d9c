package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Where outputs land, in which format, and what a rerun of a partition does. */
class OutputLayoutTest extends SparkTestBase {
    private static final String DATA = "a,b,y\n1,x,yes\n2,x,no\n3,z,yes\n4,z,no\n5,z,yes\n";

    private RunResult rank(Path out, String... sets) {
        String[] args = Stream.concat(Stream.of("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                output: {path: %s}
                """.formatted(file("d.csv", DATA), out)).toString()), Stream.of(sets)).toArray(String[]::new);
        RunResult result = run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    @Test
    void partitionedRunsWriteHiveStyleFoldersAndRunMetadataPerPartition() throws IOException {
        Path out = temp.resolve("out");
        rank(out, "--set", "output.partition.run_date=2026-11-25");
        rank(out, "--set", "output.partition.run_date=2026-11-26");

        assertThat(out.resolve("run_date=2026-11-26/run.json")).exists();
        assertThat(out.resolve("run_date=2026-11-26/_SUCCESS")).exists();
        assertThat(out.resolve("_staging")).doesNotExist();
        List<Row> all = spark.read().parquet(out.resolve("feature_ranking").toString())
                .orderBy("run_date", "rank").collectAsList();
        assertThat(all).hasSize(4);
        assertThat(all.get(0).<Object>getAs("run_date").toString()).isEqualTo("2026-11-25");
        assertThat(runJson(out.resolve("run_date=2026-11-25")).at("/config/output/partition/run_date").asText())
                .isEqualTo("2026-11-25");
    }

    @Test
    void aRerunReplacesItsPartitionAndLeavesOthersAlone() throws IOException {
        Path out = temp.resolve("out");
        rank(out, "--set", "output.partition.run_date=2026-11-25");
        Path other = out.resolve("feature_ranking/run_date=2026-11-25");
        List<String> otherFiles = list(other);

        rank(out, "--set", "output.partition.run_date=2026-11-26");
        rank(out, "--set", "output.partition.run_date=2026-11-26", "--set", "outrank.rank_by=mi");
        Path replaced = out.resolve("feature_ranking/run_date=2026-11-26");
        assertThat(list(replaced).stream().filter(f -> f.endsWith(".parquet"))).hasSize(1);
        assertThat(runJson(out.resolve("run_date=2026-11-26")).at("/config/outrank/rank_by").asText()).isEqualTo("mi");
        assertThat(list(other)).isEqualTo(otherFiles);
        assertThat(out.resolve("_staging")).doesNotExist();
    }

    @Test
    void csvAndJsonOutputFormats() throws IOException {
        Path csv = temp.resolve("csv");
        rank(csv, "--set", "output.format=csv");
        List<String> lines = Files.readAllLines(list(csv.resolve("feature_ranking")).stream()
                .filter(f -> f.endsWith(".csv")).map(Path::of).findFirst().orElseThrow());
        assertThat(lines.get(0)).startsWith("rank,feature,mi_adjusted,mi,emi,ami,nmi,su,gain_ratio,g_stat");
        assertThat(lines).hasSize(3);

        Path json = temp.resolve("json");
        rank(json, "--set", "output.format=json");
        assertThat(spark.read().json(json.resolve("feature_ranking").toString()).count()).isEqualTo(2);
    }

    @Test
    void twoRunsOfTheSameInputWriteTheSameMetadataApartFromTimings() {
        Path out = temp.resolve("out");
        rank(out);
        ObjectNode first = (ObjectNode) runJson(out);
        List<Row> firstTable = ranking(out.resolve("feature_ranking"));
        rank(out);
        ObjectNode second = (ObjectNode) runJson(out);
        assertThat(first.get("run_id")).isNotEqualTo(second.get("run_id"));
        for (ObjectNode run : List.of(first, second)) {
            run.remove(List.of("run_id", "started_at", "finished_at", "timings_seconds"));
        }
        assertThat(second).isEqualTo(first);
        assertThat(ranking(out.resolve("feature_ranking"))).isEqualTo(firstTable);
    }

    private static List<String> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(Path::toString).filter(f -> !f.endsWith(".crc")).sorted().toList();
        }
    }
}
