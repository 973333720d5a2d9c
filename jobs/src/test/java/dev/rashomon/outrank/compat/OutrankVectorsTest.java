package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OutRank 0.97.6's own output (src/test/resources/outrank-vectors/, copied from the team's
 * reference with its README) is reproduced by the compatible mode: the same decorated names,
 * MI-numba-randomized scores equal to the last bit (OutRank's float32 roundings emulated), MI to
 * 1e-12, and value_repetitions.json, memory.tsv and feature_singles_aggregated.tsv as identical text.
 */
class OutrankVectorsTest extends SparkTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"minr_target", "mi_target", "minr_ss3_target", "minr_pairs_small", "minr_io2_small"})
    void reproducesOutranksOwnOutput(String vector) throws IOException {
        JsonNode arguments = new ObjectMapper().readTree(resource(vector + "/arguments.json"));
        String data = arguments.get("data_path").asText().contains("small") ? "data20k_small" : "data20k";
        Path folder = Files.createDirectories(temp.resolve(data));
        try (InputStream in = getClass().getResourceAsStream("/outrank-vectors/" + data + ".csv.gz")) {
            Files.copy(in, folder.resolve("data.csv.gz"));
        }
        Path out = temp.resolve("out");
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv-raw}
                label: {column: %s}
                outrank:
                  mode: outrank-compat
                  compat: {heuristic: %s, subsampling: %d, target_ranking_only: %s, interaction_order: %d}
                output: {path: %s}
                """.formatted(folder, arguments.get("label_column").asText(), arguments.get("heuristic").asText(),
                arguments.get("subsampling").asInt(), arguments.get("target_ranking_only").asText().toLowerCase(),
                arguments.get("interaction_order").asInt(), out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path produced = out.resolve("outrank");
        double tolerance = arguments.get("heuristic").asText().equals("MI") ? 1e-12 : 0.0;

        Map<String, Double> expectedPairs = scores(resource(vector + "/pairwise_ranks.tsv"), 2);
        Map<String, Double> producedPairs = scores(Files.readString(produced.resolve("pairwise_ranks.tsv")), 2);
        assertThat(producedPairs.keySet()).isEqualTo(expectedPairs.keySet());
        expectedPairs.forEach((pair, score) -> assertThat(producedPairs.get(pair)).as(pair).isCloseTo(score, within(tolerance)));

        Map<String, Double> expectedSingles = scores(resource(vector + "/feature_singles.tsv"), 1);
        Map<String, Double> producedSingles = scores(Files.readString(produced.resolve("feature_singles.tsv")), 1);
        assertThat(producedSingles.keySet()).isEqualTo(expectedSingles.keySet());
        expectedSingles.forEach((feature, score) ->
                assertThat(producedSingles.get(feature)).as(feature).isCloseTo(score, within(Math.max(tolerance, 1e-15) * 4)));

        assertThat(Files.readString(produced.resolve("value_repetitions.json"))).isEqualTo(resource(vector + "/value_repetitions.json"));
        assertThat(Files.readString(produced.resolve("memory.tsv"))).isEqualTo(resource(vector + "/memory.tsv"));
        if (vector.equals("minr_io2_small")) {
            assertThat(Files.readString(produced.resolve("feature_singles_aggregated.tsv")))
                    .isEqualTo(resource(vector + "/feature_singles_aggregated.tsv"));
        }
        JsonNode producedArguments = new ObjectMapper().readTree(produced.resolve("arguments.json").toFile());
        for (String option : List.of("heuristic", "subsampling", "minibatch_size", "target_ranking_only", "interaction_order",
                "label_column", "missing_value_symbols", "include_cardinality_in_feature_names")) {
            assertThat(producedArguments.get(option)).as(option).isEqualTo(arguments.get(option));
        }
        assertThat(ranking(out.resolve("feature_ranking"))).hasSize(expectedSingles.size() - 1);
        if (vector.equals("minr_pairs_small")) {
            // All pairs: the suite's pairwise table holds each pair of features once, with OutRank's score,
            // and 3MR ranks every feature.
            var pairwise = spark.read().parquet(out.resolve("pairwise").toString()).collectAsList();
            assertThat(pairwise).hasSize(6 * 5 / 2);
            for (var row : pairwise) {
                String a = row.getAs("feature_a");
                String b = row.getAs("feature_b");
                String key = expectedPairs.keySet().stream().filter(k -> k.startsWith(a + "-(") && k.contains("\t" + b + "-("))
                        .findFirst().orElseThrow();
                assertThat((double) row.getAs("score")).as(key).isEqualTo(expectedPairs.get(key));
            }
            assertThat(spark.read().parquet(out.resolve("ranking_3mr").toString()).count()).isEqualTo(6);
        }
    }

    /** A TSV's scores by key: the first {@code keyColumns} columns joined by a tab. */
    static Map<String, Double> scores(String tsv, int keyColumns) {
        Map<String, Double> scores = new LinkedHashMap<>();
        tsv.lines().skip(1).forEach(line -> {
            String[] fields = line.split("\t", -1);
            scores.put(String.join("\t", List.of(fields).subList(0, keyColumns)), Double.parseDouble(fields[keyColumns]));
        });
        return scores;
    }

    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/outrank-vectors/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
