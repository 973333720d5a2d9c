package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every table the job writes, cell by cell, against an independent numpy implementation of the
 * definitions ({@code reference/multiplicity/make_reference.py}, written from the spec without
 * the Java code): four binary cases (absolute/relative ε, strict, named reference, computed losses,
 * an excluded reference, groups) and a multiclass one. Numbers agree to 1e-13 (numpy's means are
 * summed pairwise, ours exactly), capacities from Blahut–Arimoto to 1e-9.
 */
class NumpyReferenceTest extends SparkTestBase {
    private static final Path REFERENCE = repo().resolve("jobs/src/test/resources/reference/multiplicity");
    private static final double TOLERANCE = 1e-13;
    private static final double CAPACITY_TOLERANCE = 1e-9;

    @ParameterizedTest
    @ValueSource(strings = {"binary_a", "binary_b", "binary_c", "binary_d", "multiclass_a"})
    void matchesTheNumpyReference(String name) throws IOException {
        JsonNode c = new ObjectMapper().readTree(REFERENCE.resolve("cases.json").toFile()).get(name);
        Path out = temp.resolve(name);
        StringBuilder yaml = new StringBuilder();
        yaml.append("predictions: {path: %s, format: csv, layout: long}\n".formatted(REFERENCE.resolve(c.get("predictions").asText())));
        if (!c.get("losses").isNull()) {
            yaml.append("losses: {path: %s, format: csv}\n".formatted(REFERENCE.resolve(c.get("losses").asText())));
        }
        yaml.append("multiplicity:\n  per_row: true\n");
        yaml.append("  epsilon: ").append(c.get("epsilon")).append('\n');
        yaml.append("  epsilon_mode: ").append(c.get("epsilon_mode").asText()).append('\n');
        yaml.append("  strict: ").append(c.get("strict").asBoolean()).append('\n');
        yaml.append("  reference: ").append(c.get("reference").asText()).append('\n');
        yaml.append("  exclude_reference: ").append(c.get("exclude_reference").asBoolean()).append('\n');
        if (!c.get("threshold").isNull()) {
            yaml.append("  threshold: ").append(c.get("threshold").asDouble()).append('\n');
        }
        if (!c.get("delta").isNull()) {
            yaml.append("  delta: ").append(c.get("delta")).append('\n');
        }
        if (!c.get("groups").isNull()) {
            yaml.append("  groups: [").append(c.get("groups").asText()).append("]\n");
        }
        yaml.append("output: {path: %s}\n".formatted(out));
        RunResult result = run("multiplicity", "--config", config(yaml.toString()).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();

        compare(name + "_summary.csv", out.resolve("summary"), List.of("epsilon", "group"));
        compare(name + "_curve.csv", out.resolve("curve"), List.of("group", "models"));
        if (name.startsWith("binary")) {
            compare(name + "_score_deviation.csv", out.resolve("score_deviation"), List.of("epsilon", "delta", "group"));
        } else {
            assertThat(out.resolve("score_deviation")).as("δ-measures are binary only").doesNotExist();
        }
        compare(name + "_rows.csv", out.resolve("per_row"), List.of("epsilon", "row_id"));
    }

    /** Every expected cell against the job's table, rows matched by {@code keys}. */
    private static void compare(String expectedFile, Path table, List<String> keys) throws IOException {
        List<String> lines = Files.readAllLines(REFERENCE.resolve(expectedFile));
        String[] header = lines.get(0).split(",", -1);
        Map<String, Row> actual = new HashMap<>();
        List<Row> rows = spark.read().parquet(table.toString()).collectAsList();
        for (Row row : rows) {
            List<String> key = new ArrayList<>();
            for (String k : keys) {
                key.add(normalise(row.get(row.fieldIndex(k))));
            }
            actual.put(String.join("|", key), row);
        }
        assertThat(rows).as(expectedFile + ": row count").hasSize(lines.size() - 1);
        int cells = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",", -1);
            List<String> key = new ArrayList<>();
            for (String k : keys) {
                key.add(normalise(values[List.of(header).indexOf(k)]));
            }
            Row row = actual.get(String.join("|", key));
            assertThat(row).as(expectedFile + ": row " + key).isNotNull();
            for (int i = 0; i < header.length; i++) {
                String column = columnName(header[i], expectedFile);
                if (column == null) {
                    continue;
                }
                Object got = row.get(row.fieldIndex(column));
                String where = expectedFile + " " + key + " " + column;
                if (got instanceof String text) {
                    assertThat(text).as(where).isEqualTo(values[i]);
                } else if (values[i].isEmpty()) {
                    assertThat(got).as(where + " is undefined").isNull();
                } else if (got instanceof Number number) {
                    double expected = Double.parseDouble(values[i]);
                    double tolerance = column.contains("capacity") ? CAPACITY_TOLERANCE : TOLERANCE;
                    assertThat(number.doubleValue()).as(where).isCloseTo(expected, within(tolerance * Math.max(1, Math.abs(expected))));
                } else {
                    assertThat(normalise(got)).as(where).isEqualTo(values[i]);
                }
                cells++;
            }
        }
        assertThat(cells).as("cells compared").isGreaterThan(lines.size());
    }

    /** The job's column for a reference column; null for ones the job spells as a key or leaves out. */
    private static String columnName(String reference, String file) {
        if (file.endsWith("_rows.csv")) {
            return switch (reference) {
                case "crosses" -> "crosses_threshold";
                case "group", "set_size" -> null; // per_row holds the group column itself; the size is in summary
                default -> reference;
            };
        }
        return reference;
    }

    private static String normalise(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        try {
            return String.valueOf(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
