package dev.rashomon.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rashomon.testing.SparkTestBase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * Every job, run on the same German credit rows split into 1 and then into 3 input files (so 1 and 3
 * input partitions), writes the same bytes: every table file, every saved model, the report's HTML,
 * and run.json apart from its timings and what it records about the input's files. The runs use the
 * same folders each time, so the paths they record agree; run ids are the runs' own and are replaced
 * by the job's name before comparing, and Spark's part-file names are compared by their part index
 * (the rest of the name is a random id Spark gives each write).
 */
class DeterminismTest extends SparkTestBase {
    private static final Pattern PART_FILE_ID = Pattern.compile(
            "part-(\\d{5})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    // MLlib stamps each saved stage's metadata with the time it was saved.
    private static final Pattern MLLIB_TIMESTAMP = Pattern.compile("\"timestamp\":\\d+");
    private static final List<String> TIMING_FIELDS = List.of("started_at", "finished_at", "timings_seconds");

    @Test
    void everyJobWritesTheSameBytesFromOneOrThreeInputFiles() {
        Map<String, byte[]> one = chain(1);
        Map<String, byte[]> three = chain(3);
        assertThat(three.keySet()).isEqualTo(one.keySet());
        List<String> differing = new ArrayList<>();
        one.forEach((file, bytes) -> {
            if (!Arrays.equals(bytes, three.get(file))) {
                differing.add(file);
            }
        });
        assertThat(differing).as("files that differ: %s", firstDifference(differing, one, three)).isEmpty();
        assertThat(one.keySet()).as("every job wrote").contains(
                "outrank/feature_ranking/part-00000-c000.snappy.parquet", "outrank/pairwise/part-00000-c000.snappy.parquet",
                "outrank-compat/ranking_3mr/part-00000-c000.snappy.parquet", "pool/predictions/part-00000-c000.snappy.parquet",
                "multiplicity/per_row/part-00000-c000.snappy.parquet", "rashomon/perturbed_scores/part-00000-c000.snappy.parquet",
                "rashomon-scores/mcr/part-00000-c000.snappy.parquet", "report/report.html", "report/run.json");
    }

    private static String firstDifference(List<String> differing, Map<String, byte[]> one, Map<String, byte[]> three) {
        if (differing.isEmpty()) {
            return "none";
        }
        String file = differing.get(0);
        if (file.endsWith(".parquet") || file.endsWith(".crc")) {
            return file + " (binary)";
        }
        String a = new String(one.get(file), StandardCharsets.UTF_8);
        String b = new String(three.get(file), StandardCharsets.UTF_8);
        int at = 0;
        while (at < Math.min(a.length(), b.length()) && a.charAt(at) == b.charAt(at)) {
            at++;
        }
        return file + " from character " + at + ": " + excerpt(a, at) + " vs " + excerpt(b, at);
    }

    private static String excerpt(String text, int at) {
        return text.substring(Math.max(0, at - 80), Math.min(text.length(), at + 80));
    }

    /** Runs every job in {@code temp/work}, the input split into {@code files} files; returns what they wrote. */
    private Map<String, byte[]> chain(int files) {
        Path work = temp.resolve("work");
        delete(work);
        Path input = work.resolve("input");
        Path german = splitGermanCredit(input.resolve("german"), files);
        // A large open cost per file keeps Spark from packing several small files into one partition.
        withSqlConf(Map.of("spark.sql.files.openCostInBytes", String.valueOf(1L << 30)), () -> {
            String numeric = "numeric: {columns: [duration, credit_amount, installment_commitment, residence_since, age, "
                    + "existing_credits, num_dependents]}";
            job("outrank", """
                    input: {path: %s, format: csv}
                    label: {column: class}
                    outrank: {exact: {target_ranking_only: false}}
                    output: {path: %s}
                    """.formatted(german, work.resolve("outrank")));
            assertThat(runJson(work.resolve("outrank")).at("/input/partitions").asInt()).isEqualTo(files);
            job("outrank", """
                    input: {path: %s, format: csv}
                    label: {column: class}
                    outrank:
                      mode: outrank-compat
                      compat: {heuristic: MI-numba-randomized, subsampling: 1, minibatch_size: 256, target_ranking_only: false}
                    output: {path: %s}
                    """.formatted(german, work.resolve("outrank-compat")));
            job("ensemble", """
                    input: {path: %s, format: csv}
                    label: {column: class}
                    %s
                    ensemble:
                      positive_class: bad
                      keep_columns: [personal_status]
                      encoding: one-hot
                      families: [logistic_regression]
                      logistic_regression: {reg_param: [0.0, 0.1], elastic_net_param: [0.0]}
                    output: {path: %s}
                    """.formatted(german, numeric, work.resolve("pool")));
            job("multiplicity", """
                    predictions: {path: %s, format: parquet, layout: wide}
                    losses: {path: %s, format: parquet}
                    multiplicity: {epsilon: [0, 0.01, 0.05], delta: [0.05, 0.2], groups: [personal_status], per_row: true}
                    output: {path: %s}
                    """.formatted(resplit(work.resolve("pool/predictions"), input.resolve("predictions"), files),
                    work.resolve("pool/models"), work.resolve("multiplicity")));
            job("rashomon", """
                    models: {path: %s}
                    input: {path: %s, format: csv}
                    label: {column: class, positive_class: bad}
                    features: {include: [checking_status, duration, credit_amount, age]}
                    rashomon:
                      epsilon: [0, 0.01, 0.05, 1.0]
                      seed: 17
                      top_k_features: 3
                      write_scores: true
                      exploration: {enabled: true, features: [duration, credit_amount], rows: 100, permutations: 1}
                    output: {path: %s}
                    """.formatted(work.resolve("pool"), german, work.resolve("rashomon")));
            job("rashomon", """
                    predictions: {path: %s, format: parquet}
                    perturbed: {path: %s, format: parquet}
                    losses: {path: %s, format: parquet}
                    rashomon: {epsilon: [0, 0.01, 0.05, 1.0]}
                    output: {path: %s}
                    """.formatted(resplit(work.resolve("rashomon/scores"), input.resolve("scores"), files),
                    resplit(work.resolve("rashomon/perturbed_scores"), input.resolve("perturbed"), files),
                    work.resolve("pool/models"), work.resolve("rashomon-scores")));
            job("report", """
                    outrank: %s
                    multiplicity: %s
                    rashomon: %s
                    title: determinism
                    output: {path: %s}
                    """.formatted(work.resolve("outrank"), work.resolve("multiplicity"), work.resolve("rashomon"),
                    work.resolve("report")));
        });
        return snapshot(work);
    }

    private void job(String name, String yaml) {
        long start = System.nanoTime();
        RunResult result = run(name, "--config", config(yaml).toString(), "--quiet");
        assertThat(result.exitCode()).as(result.err()).isZero();
        System.err.printf("determinism: %s took %.1f s%n", name, (System.nanoTime() - start) / 1e9);
    }

    /** German credit's rows in order, in {@code files} CSV files with a header each. */
    private static Path splitGermanCredit(Path folder, int files) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(sample("german_credit.csv.gz"))), StandardCharsets.UTF_8))) {
            String header = in.readLine();
            List<String> rows = in.lines().toList();
            Files.createDirectories(folder);
            int per = (rows.size() + files - 1) / files;
            for (int f = 0; f < files; f++) {
                List<String> lines = new ArrayList<>(List.of(header));
                lines.addAll(rows.subList(f * per, Math.min(rows.size(), (f + 1) * per)));
                Files.write(folder.resolve("part-" + f + ".csv"), lines);
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a Parquet table shuffled into {@code files} files. */
    private static Path resplit(Path table, Path target, int files) {
        spark.read().parquet(table.toString()).orderBy(functions.rand(files)).repartition(files)
                .write().parquet(target.toString());
        return target;
    }

    /**
     * Every file under {@code work} but the inputs, by path; part files by their index; run ids
     * replaced by the job's folder, timings and the input's file layout left out of run.json.
     */
    private static Map<String, byte[]> snapshot(Path work) {
        Map<String, String> runIds = new LinkedHashMap<>();
        List<Path> all = walk(work).filter(p -> !p.startsWith(work.resolve("input"))).toList();
        for (Path file : all) {
            if (file.getFileName().toString().equals("run.json")) {
                runIds.put(runJson(file.getParent()).path("run_id").asText(), "<run of " + work.relativize(file.getParent()) + ">");
            }
        }
        Map<String, byte[]> snapshot = new TreeMap<>();
        for (Path file : all) {
            String name = PART_FILE_ID.matcher(work.relativize(file).toString()).replaceAll("part-$1");
            byte[] bytes = read(file);
            if (name.endsWith("run.json")) {
                bytes = comparableRunJson(bytes);
            }
            if (name.endsWith("run.json") || name.endsWith(".html") || name.contains("/metadata/part-")) {
                String text = new String(bytes, StandardCharsets.UTF_8);
                for (Map.Entry<String, String> id : runIds.entrySet()) {
                    text = text.replace(id.getKey(), id.getValue());
                }
                text = MLLIB_TIMESTAMP.matcher(text).replaceAll("\"timestamp\":0");
                bytes = text.getBytes(StandardCharsets.UTF_8);
            }
            if (name.endsWith(".crc") && (name.contains("/metadata/") || name.endsWith("run.json.crc") || name.endsWith(".html.crc"))) {
                continue; // the checksum of a file compared without its timestamps and run ids
            }
            snapshot.put(name, bytes);
        }
        return snapshot;
    }

    /**
     * run.json without its timing fields (the run's times, timings_seconds, and the durations some steps
     * record, e.g. the exploration's seconds or the ensemble's training_seconds) and without the number
     * of input files and partitions.
     */
    private static byte[] comparableRunJson(byte[] json) {
        try {
            ObjectNode root = (ObjectNode) new ObjectMapper().readTree(json);
            root.remove(TIMING_FIELDS);
            removeDurations(root);
            if (root.get("input") instanceof ObjectNode input) {
                input.remove(List.of("files", "partitions"));
            }
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void removeDurations(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(field -> field.getKey().equals("seconds") || field.getKey().endsWith("_seconds"));
        }
        node.forEach(DeterminismTest::removeDurations);
    }

    private static Stream<Path> walk(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
