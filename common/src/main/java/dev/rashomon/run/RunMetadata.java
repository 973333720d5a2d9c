package dev.rashomon.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rashomon.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * What a run did, written as run.json beside its outputs: the effective config, versions, the
 * input profile, counts, timings and warnings. Timing fields are the only ones that differ
 * between two runs of the same input and config. Secrets (credentials in reader options or in
 * URIs) are masked before anything is written.
 */
public final class RunMetadata {
    private final ObjectNode root = ConfigLoader.json().createObjectNode();
    private final ObjectNode timings;
    private final ArrayNode warnings;
    private final Instant started = Instant.now();

    public RunMetadata(String job, String runId, Object config) {
        root.put("job", job);
        root.put("run_id", runId);
        root.put("started_at", started.toString());
        root.set("config", ConfigLoader.json().valueToTree(config));
        ObjectNode versions = root.putObject("versions");
        Properties build = buildProperties();
        versions.put("rashomon", build.getProperty("version", "unknown"));
        versions.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        versions.put("java", System.getProperty("java.version"));
        timings = root.putObject("timings_seconds");
        warnings = root.putArray("warnings");
    }

    /** Sets a top-level field to any JSON-serialisable value. */
    public void put(String key, Object value) {
        root.set(key, value instanceof JsonNode node ? node : ConfigLoader.json().valueToTree(value));
    }

    /** Records a warning, and says it on stderr right away. */
    public void warn(String message) {
        warnings.add(message);
        System.err.println("warning: " + message);
    }

    /** Runs a step and records how long it took. */
    public <T> T time(String step, Supplier<T> work) {
        Instant start = Instant.now();
        try {
            return work.get();
        } finally {
            timings.put(step, Duration.between(start, Instant.now()).toMillis() / 1000.0);
        }
    }

    public String toJson() {
        root.put("finished_at", Instant.now().toString());
        timings.put("total", Duration.between(started, Instant.now()).toMillis() / 1000.0);
        try {
            return ConfigLoader.json().writeValueAsString(Secrets.masked(root)) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties buildProperties() {
        Properties properties = new Properties();
        try (InputStream in = RunMetadata.class.getResourceAsStream("/rashomon-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // versions stay "unknown"
        }
        return properties;
    }
}
