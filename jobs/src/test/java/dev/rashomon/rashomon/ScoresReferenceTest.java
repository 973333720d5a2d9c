package dev.rashomon.rashomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scores mode, every table cell by cell, against an independent pandas/numpy implementation of
 * the definitions ({@code reference/rashomon/make_reference.py}, written from the spec without the
 * Java code, with exact fractions for the importance distribution): six cases covering computed
 * and given losses, named references joining below ε = 0, relative and strict sets, an excluded
 * reference, 0-1 loss with a perfect model, bootstrap groups of unequal sizes, a pair without its
 * single perturbation, and the RID code's rounded-weight summaries. Numbers agree to 1e-12; the
 * facts the oracle asserts by construction (an ignored feature: ratio 1, FIS 0) hold exactly.
 */
class ScoresReferenceTest extends SparkTestBase {
    private static final Path REFERENCE = repo().resolve("jobs/src/test/resources/reference/rashomon");
    private static final double TOLERANCE = 1e-12;
    private static final Map<String, List<String>> KEYS = Map.of(
            "model_reliance", List.of("model_id", "feature"),
            "mcr", List.of("epsilon", "feature"),
            "fis", List.of("model_id", "pair"),
            "fis_cloud", List.of("epsilon", "pair"),
            "rashomon_curve", List.of(),
            "rid", List.of("epsilon", "feature"));

    @ParameterizedTest
    @ValueSource(strings = {"logloss_defaults", "named_ref_relative_groups", "strict_exclude", "zero_one",
            "zero_one_relative_named_exclude", "relative_strict_missing_single"})
    void matchesTheReference(String name) throws IOException {
        JsonNode c = new ObjectMapper().readTree(REFERENCE.resolve("cases.json").toFile()).get(name);
        Path out = temp.resolve(name);
        StringBuilder yaml = new StringBuilder();
        c.get("inputs").fields().forEachRemaining(input -> {
            if (!input.getValue().isNull()) {
                yaml.append("%s: {path: %s, format: csv}\n".formatted(input.getKey(),
                        REFERENCE.resolve(input.getValue().asText())));
            }
        });
        yaml.append("rashomon: ").append(c.get("rashomon")).append('\n');
        yaml.append("output: {path: %s}\n".formatted(out));
        RunResult result = run("rashomon", "--config", config(yaml.toString()).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        c.get("expected").fields().forEachRemaining(table -> compare(name, table.getKey(),
                REFERENCE.resolve(table.getValue().asText()), out.resolve(table.getKey())));
        assertThat(runJson(out).at("/pool/reference").asText()).isEqualTo(c.get("reference_model").asText());
    }

    /** Every expected cell against the job's table, rows matched by the table's keys. */
    private static void compare(String name, String table, Path expectedFile, Path actualFolder) {
        List<String> keys = KEYS.get(table);
        List<Row> expected = spark.read().option("header", "true").csv(expectedFile.toString()).collectAsList();
        List<Row> rows = spark.read().parquet(actualFolder.toString()).collectAsList();
        assertThat(rows).as(name + " " + table + ": rows").hasSize(expected.size());
        Map<String, Row> actual = new HashMap<>();
        for (Row row : rows) {
            actual.put(key(row, keys), row);
        }
        if (keys.isEmpty()) {
            // The curve's joining ε are differences of computed losses, equal only to rounding: match rows in ε order.
            rows = rows.stream().sorted(java.util.Comparator.comparingDouble(r -> r.getDouble(r.fieldIndex("epsilon"))))
                    .toList();
            expected = expected.stream().sorted(java.util.Comparator.comparingDouble(
                    r -> Double.parseDouble(r.getString(r.fieldIndex("epsilon"))))).toList();
        }
        int cells = 0;
        for (int i = 0; i < expected.size(); i++) {
            Row want = expected.get(i);
            Row got = keys.isEmpty() ? rows.get(i) : actual.get(key(want, keys));
            String where = name + " " + table + " " + key(want, keys);
            assertThat(got).as(where).isNotNull();
            for (String column : want.schema().fieldNames()) {
                if (table.equals("fis_cloud") && column.equals("source")) {
                    assertThat(got.getString(got.fieldIndex(column))).isEqualTo(want.getString(want.fieldIndex(column)));
                    continue;
                }
                check(where + " " + column, want.getString(want.fieldIndex(column)), got.get(got.fieldIndex(column)));
                cells++;
            }
        }
        assertThat(cells).as(name + " " + table + ": cells compared").isGreaterThanOrEqualTo(expected.size());
    }

    private static void check(String where, String want, Object got) {
        if (want == null || want.isEmpty()) {
            assertThat(got).as(where + " is undefined").isNull();
        } else if (got instanceof scala.collection.Seq<?> || got instanceof List<?>) {
            List<Object> values = got instanceof List<?> list ? new ArrayList<>(list)
                    : new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) got));
            String[] parts = want.substring(1, want.length() - 1).split(",\\s*");
            assertThat(values).as(where + " length").hasSize(parts.length);
            for (int i = 0; i < parts.length; i++) {
                check(where + "[" + i + "]", parts[i], values.get(i));
            }
        } else if (got instanceof Double || got instanceof Float) {
            double expected = Double.parseDouble(want);
            assertThat(((Number) got).doubleValue()).as(where).isCloseTo(expected, within(TOLERANCE * Math.max(1, Math.abs(expected))));
        } else {
            assertThat(normalise(got)).as(where).isEqualTo(normalise(want));
        }
    }

    private static String key(Row row, List<String> keys) {
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            parts.add(normalise(row.get(row.fieldIndex(k))));
        }
        return String.join("/", parts);
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
