package dev.rashomon.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The sql command over runs made here: every format, partitions, prefixes, and each error. */
class SqlCommandTest extends SparkTestBase {
    private static final String DATA = "a,b,y\n1,x,yes\n2,x,no\n3,z,yes\n4,z,no\n5,z,yes\n";

    private Path rank(Path out, String... sets) {
        String[] args = Stream.concat(Stream.of("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: y}
                output: {path: %s}
                """.formatted(file("d.csv", DATA), out)).toString()), Stream.of(sets)).toArray(String[]::new);
        RunResult result = run(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return out;
    }

    private static RunResult sql(String... args) {
        List<String> line = new ArrayList<>(List.of("sql"));
        line.addAll(List.of(args));
        return run(line.toArray(String[]::new));
    }

    private static RunResult ok(String... args) {
        RunResult result = sql(args);
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    /** A refused query: exit 2, one line naming the problem, nothing printed on stdout. */
    private static String refused(String... args) {
        RunResult result = sql(args);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        return result.firstErrorLine();
    }

    @Test
    void tableFormatAlignsLikeShowWithoutTruncation() {
        Path out = rank(temp.resolve("out"));
        List<Row> expected = ranking(out.resolve("feature_ranking"));
        String printed = ok("SELECT rank, feature, mi, top_value, CAST(NULL AS STRING) AS nothing, "
                + "'a value longer than twenty characters' AS long_text FROM feature_ranking ORDER BY rank",
                "--run", out.toString()).out();

        assertThat(expected).hasSize(2);
        String mi0 = String.valueOf(expected.get(0).<Double>getAs("mi"));
        String mi1 = String.valueOf(expected.get(1).<Double>getAs("mi"));
        int miWidth = Math.max(2, Math.max(mi0.length(), mi1.length()));
        String rule = "+----+-------+" + "-".repeat(miWidth) + "+---------+-------+" + "-".repeat(37) + "+";
        assertThat(printed.lines().toList()).containsExactly(
                rule,
                "|rank|feature|" + pad("mi", miWidth, false) + "|top_value|nothing|" + pad("long_text", 37, false) + "|",
                rule,
                "|   1|" + pad(expected.get(0).getAs("feature"), 7, false) + "|" + pad(mi0, miWidth, true) + "|"
                        + pad(expected.get(0).getAs("top_value"), 9, false) + "|NULL   |a value longer than twenty characters|",
                "|   2|" + pad(expected.get(1).getAs("feature"), 7, false) + "|" + pad(mi1, miWidth, true) + "|"
                        + pad(expected.get(1).getAs("top_value"), 9, false) + "|NULL   |a value longer than twenty characters|",
                rule);
    }

    private static String pad(String text, int width, boolean right) {
        String space = " ".repeat(width - text.length());
        return right ? space + text : text + space;
    }

    @Test
    void csvQuotesAsRfc4180AndTellsNullFromEmpty() {
        Path out = rank(temp.resolve("out"));
        List<Row> expected = ranking(out.resolve("feature_ranking"));
        String printed = ok("SELECT rank, feature, 'a,b' AS comma, 'say \"hi\"' AS quote, '' AS empty, "
                + "CAST(NULL AS STRING) AS missing, 'two\nlines' AS break FROM feature_ranking ORDER BY rank",
                "--run", out.toString(), "--format", "csv").out();
        String rest = ",\"a,b\",\"say \"\"hi\"\"\",\"\",,\"two\nlines\"";
        assertThat(printed).isEqualTo("rank,feature,comma,quote,empty,missing,break\n"
                + "1," + expected.get(0).getAs("feature") + rest + "\n"
                + "2," + expected.get(1).getAs("feature") + rest + "\n");
    }

    @Test
    void jsonPrintsOneObjectPerLineWithNulls() throws IOException {
        Path out = rank(temp.resolve("out"));
        List<Row> expected = ranking(out.resolve("feature_ranking"));
        String printed = ok("SELECT rank, feature, mi, CAST(NULL AS INT) AS missing FROM feature_ranking ORDER BY rank",
                "--run", out.toString(), "--format", "json").out();
        List<String> lines = printed.lines().toList();
        assertThat(lines).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode row = new ObjectMapper().readTree(lines.get(i));
            assertThat(row.get("rank").asInt()).isEqualTo(i + 1);
            assertThat(row.get("feature").asText()).isEqualTo(expected.get(i).<String>getAs("feature"));
            assertThat(row.get("mi").asDouble()).isEqualTo(expected.get(i).<Double>getAs("mi"));
            assertThat(row.get("missing").isNull()).isTrue();
        }
        assertThat(lines.get(0)).startsWith("{\"rank\":1,\"feature\":");
    }

    @Test
    void limitCapsTheRowsAndTheTableSaysSo() {
        Path out = rank(temp.resolve("out"));
        RunResult csv = ok("SELECT feature FROM feature_ranking ORDER BY rank", "--run", out.toString(),
                "--format", "csv", "--limit", "1");
        assertThat(csv.out().lines()).hasSize(2);
        RunResult table = ok("SELECT feature FROM feature_ranking ORDER BY rank", "--run", out.toString(), "--limit=1");
        assertThat(table.out().lines()).hasSize(5);
        assertThat(table.err()).contains("only the first 1 rows are shown");
    }

    @Test
    void csvAndJsonRunsAreReadInTheirFormat() {
        for (String format : List.of("csv", "json")) {
            Path out = rank(temp.resolve(format), "--set", "output.format=" + format);
            RunResult result = ok("SELECT rank, feature, round(mi, 12) AS mi FROM feature_ranking ORDER BY rank",
                    "--run", out.toString(), "--format", "csv");
            List<Row> expected = spark.read().option("header", "true").option("inferSchema", "true")
                    .format(format).load(out.resolve("feature_ranking").toString()).orderBy("rank").collectAsList();
            assertThat(result.out().lines().skip(1).toList()).as(format).containsExactly(
                    "1," + expected.get(0).getAs("feature") + "," + Math.round(expected.get(0).<Double>getAs("mi") * 1e12) / 1e12,
                    "2," + expected.get(1).getAs("feature") + "," + Math.round(expected.get(1).<Double>getAs("mi") * 1e12) / 1e12);
        }
    }

    @Test
    void partitionColumnsAreColumnsAndPartitionFilters() {
        Path out = temp.resolve("out");
        rank(out, "--set", "output.partition.run_date=2026-11-25");
        rank(out, "--set", "output.partition.run_date=2026-11-26", "--set", "features.exclude=[a]");
        String query = "SELECT run_date, count(*) AS features, typeof(run_date) AS type FROM feature_ranking "
                + "GROUP BY run_date ORDER BY run_date";
        assertThat(ok(query, "--run", out.toString(), "--format", "csv").out())
                .isEqualTo("run_date,features,type\n2026-11-25,2,string\n2026-11-26,1,string\n");
        assertThat(ok(query, "--run", out.toString(), "--format", "csv", "--partition", "run_date=2026-11-26").out())
                .isEqualTo("run_date,features,type\n2026-11-26,1,string\n");

        assertThat(refused(query, "--run", out.toString(), "--partition", "run_date=2026-11-27"))
                .isEqualTo("rashomon sql: error: --partition run_date=2026-11-27: " + out
                        + " has no such partition (partitions: run_date=2026-11-25, run_date=2026-11-26)");
        assertThat(refused(query, "--run", out.resolve("run_date=2026-11-26").toString()))
                .startsWith("rashomon sql: error: --run " + out.resolve("run_date=2026-11-26"))
                .endsWith("for one partition give the output folder and --partition run_date=2026-11-26");
    }

    @Test
    void foldersThatAreNotTablesAreSkipped() throws IOException {
        Path out = rank(temp.resolve("out"));
        // what an ensemble's saved models, OutRank's compatible files and a leftover staging folder look like
        Files.createDirectories(out.resolve("pipelines/m1/stages/0_x/data"));
        Files.writeString(out.resolve("pipelines/m1/stages/0_x/data/part-00000.parquet"), "not a table");
        Files.createDirectories(out.resolve("outrank_files"));
        Files.writeString(out.resolve("outrank_files/value_repetitions.json"), "{}");
        Files.createDirectories(out.resolve("_staging/run/feature_ranking"));
        Files.writeString(out.resolve("_staging/run/feature_ranking/part-00000.parquet"), "not a table");
        Files.createDirectories(out.resolve(".hidden"));
        Files.writeString(out.resolve(".hidden/part-00000.parquet"), "not a table");

        assertThat(refused("SELECT * FROM nowhere", "--run", out.toString()))
                .startsWith("rashomon sql: error: [TABLE_OR_VIEW_NOT_FOUND]")
                .contains("`nowhere`")
                .endsWith("(views: feature_profile, feature_ranking)");
    }

    @Test
    void twoRunsWithTheSameTablesNeedNames() {
        Path first = rank(temp.resolve("first"));
        Path second = rank(temp.resolve("second"), "--set", "features.exclude=[a]");
        assertThat(refused("SELECT 1", "--run", first.toString(), "--run", second.toString()))
                .isEqualTo("rashomon sql: error: two runs have a table feature_profile: " + first + " and " + second
                        + "; name them, e.g. --run a=" + first + " --run b=" + second
                        + " (views a_feature_profile, b_feature_profile)");
        String both = ok("SELECT (SELECT count(*) FROM a_feature_ranking) AS a, (SELECT count(*) FROM b_feature_ranking) AS b",
                "--run", "a=" + first, "--run", "b=" + second, "--format", "csv").out();
        assertThat(both).isEqualTo("a,b\n2,1\n");
    }

    @Test
    void badRunFoldersAreRefused() throws IOException {
        Path missing = temp.resolve("missing");
        assertThat(refused("SELECT 1", "--run", missing.toString()))
                .isEqualTo("rashomon sql: error: --run " + missing + " does not exist");
        Path unfinished = temp.resolve("unfinished");
        Files.createDirectories(unfinished.resolve("feature_ranking"));
        Files.writeString(unfinished.resolve("feature_ranking/part-00000.parquet"), "half");
        assertThat(refused("SELECT 1", "--run", unfinished.toString()))
                .isEqualTo("rashomon sql: error: --run " + unfinished + " holds no _SUCCESS: not the output folder of a finished run");
        Path file = file("plain.txt", "x");
        assertThat(refused("SELECT 1", "--run", file.toString()))
                .isEqualTo("rashomon sql: error: --run " + file + " is a file; give a run's output folder (its output.path)");
    }

    @Test
    void badSqlIsRefusedWithSparksMessageAndTheViews() {
        Path out = rank(temp.resolve("out"));
        assertThat(refused("SELEC rank FROM feature_ranking", "--run", out.toString()))
                .startsWith("rashomon sql: error: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'")
                .endsWith("(views: feature_profile, feature_ranking)");
        assertThat(refused("SELECT rnak FROM feature_ranking", "--run", out.toString()))
                .startsWith("rashomon sql: error: [UNRESOLVED_COLUMN.WITH_SUGGESTION]")
                .contains("`rnak`")
                .endsWith("(views: feature_profile, feature_ranking)");
        assertThat(refused("SELECT CAST(feature AS INT) FROM feature_ranking", "--run", out.toString()))
                .startsWith("rashomon sql: error: [CAST_INVALID_INPUT]");
        assertThat(spark.catalog().tableExists("feature_ranking")).as("the views are dropped afterwards").isFalse();
    }

    @Test
    void badArgumentsAreRefusedBeforeSpark() {
        assertThat(refused("SELECT 1", "--format", "xml"))
                .isEqualTo("rashomon sql: error: --format must be table, csv or json; got 'xml'");
        assertThat(refused("SELECT 1", "--limit", "0"))
                .isEqualTo("rashomon sql: error: --limit must be a positive integer; got '0'");
        assertThat(refused("SELECT 1", "--partition", "2026-11-26"))
                .isEqualTo("rashomon sql: error: --partition must be column=value, e.g. run_date=2026-11-26; got '2026-11-26'");
        assertThat(refused("--run", "x"))
                .isEqualTo("rashomon sql: error: no query given: submit/rashomon sql \"SELECT …\" --run FOLDER");
        assertThat(refused("SELECT 1", "SELECT 2"))
                .startsWith("rashomon sql: error: one query only");
        assertThat(refused("SELECT 1", "--config", "x.yaml"))
                .isEqualTo("rashomon sql: error: unknown option --config (see submit/rashomon sql --help)");
    }

    @Test
    void helpNamesEveryOption() {
        RunResult help = ok("--help");
        assertThat(help.out()).contains("--run FOLDER", "--run name=FOLDER", "--partition column=value",
                "--format table|csv|json", "--limit N");
    }
}
