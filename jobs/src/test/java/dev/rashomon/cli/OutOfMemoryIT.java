package dev.rashomon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that runs out of memory, for real: {@code submit/rashomon} in its own JVM with a small heap.
 * It exits 1 with one line that says so and what to raise, before the stack trace, and leaves the
 * output folder as it was (an earlier partition untouched, no staging).
 */
class OutOfMemoryIT {
    @TempDir
    Path temp;

    @Test
    void driverOutOfMemoryIsOneLineAndLeavesTheOutputAsItWas() throws Exception {
        // A hashed vector of 2^28 doubles (2 GiB) for logistic regression cannot fit a 512 MiB heap.
        Path output = temp.resolve("out");
        Path previous = Files.createDirectories(output.resolve("run_date=2026-01-01")).resolve("_SUCCESS");
        Files.writeString(previous, "");
        Path config = temp.resolve("ensemble.yaml");
        Files.writeString(config, """
                input: {path: %s, format: csv}
                label: {column: class}
                ensemble:
                  positive_class: bad
                  encoding: hash
                  hash_width: 268435456
                  families: [logistic_regression]
                  logistic_regression: {reg_param: [0.0], elastic_net_param: [0.0], max_iter: 5}
                output: {path: %s, partition: {run_date: 2026-01-02}}
                """.formatted(SparkTestBase.sample("german_credit.csv.gz"), output));

        List<String> err = launch("--driver-memory", "512m", "--master", "local[1]", "ensemble", "--config", config.toString(), "--quiet");

        // Spark's own threads that hit the full heap at the same moment (heartbeater, cleaners) may report it
        // before the run does; the run's line is its first, and the main stack trace follows it.
        int first = err.indexOf(err.stream().filter(line -> line.startsWith("rashomon ")).findFirst().orElseThrow());
        assertThat(err.get(first)).startsWith("rashomon ensemble: failed: out of memory in the driver while running ensemble (")
                .contains("Java heap space", "raise --driver-memory");
        assertThat(err.subList(first + 1, err.size())).anyMatch(line -> line.startsWith("java.lang.OutOfMemoryError"));
        try (Stream<Path> left = Files.walk(output)) {
            assertThat(left).containsExactlyInAnyOrder(output, previous.getParent(), previous);
        }
    }

    /** Runs the launcher; returns stderr's lines after checking the exit code is 1 (a runtime failure). */
    private List<String> launch(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(SparkTestBase.repo().resolve("submit/rashomon").toString());
        command.addAll(List.of(args));
        Path err = temp.resolve("stderr");
        Process process = new ProcessBuilder(command).directory(SparkTestBase.repo().toFile())
                .redirectOutput(temp.resolve("stdout").toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the launcher did not finish in 8 minutes");
        }
        String text = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isEqualTo(Rashomon.FAILED);
        return text.lines().toList();
    }
}
