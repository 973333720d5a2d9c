package dev.rashomon.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The report over real runs: every chart, its numbers against the tables, notes for what is missing, bad inputs. */
class ReportJobTest extends ReportInputs {
    static final List<String> ALL_CHARTS = List.of("ranking", "cardinality", "redundancy", "measures", "vpr_width", "capacity",
            "mcr", "mcr_ranges", "fis_cloud", "halo", "swarm");

    /** The HTML of one chart's element. */
    static String chart(String html, String name) {
        Matcher m = Pattern.compile("<div class=\"chart[^\"]*\" data-chart=\"" + name + "\".*?</div>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("chart " + name).isTrue();
        return m.group();
    }

    static String partitionRows(Path table, String where) {
        return spark.read().parquet(table.resolve("run_date=" + DATE).toString()).where(where).toString();
    }

    @Test
    void everyChartIsDrawnFromTheRunsOfThePartition() throws Exception {
        Path out = temp.resolve("report");
        RunResult result = run("report", "--config", write("report", reportConfig(out, """
                outrank: %s
                multiplicity: %s
                rashomon: %s
                """.formatted(inputs.resolve("outrank"), inputs.resolve("multiplicity"), inputs.resolve("rashomon")))).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path runFolder = out.resolve("run_date=" + DATE);
        assertThat(runFolder.resolve("_SUCCESS")).exists();
        assertThat(out.resolve("_staging")).doesNotExist();
        String html = Files.readString(runFolder.resolve("report.html"));

        // Self-contained: a policy that forbids fetches, no script, nothing loaded from elsewhere.
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'; img-src data:\">").doesNotContain("<script").doesNotContain("src=\"http")
                .doesNotContain("href=\"http").contains("<title>Report &lt;test&gt; &amp; co</title>");
        for (String name : ALL_CHARTS) {
            assertThat(chart(html, name)).as(name).contains("<svg").doesNotContain("Not drawn");
        }

        // The ranking shows the best features by rank with their mi_adjusted.
        List<Row> ranking = spark.read().parquet(inputs.resolve("outrank/feature_ranking/run_date=" + DATE).toString())
                .orderBy("rank").collectAsList();
        String rankingChart = chart(html, "ranking");
        for (Row r : ranking.subList(0, 5)) {
            assertThat(rankingChart).contains(">" + r.getAs("feature") + "</text>")
                    .contains(">" + Svg.number(r.getAs("mi_adjusted")) + "</text>");
        }
        Row best = ranking.get(0);
        assertThat(chart(html, "cardinality")).contains(best.getAs("feature") + ": cardinality " + best.<Long>getAs("cardinality")
                + ", mi " + Svg.number(best.getAs("mi")) + ", mi_adjusted " + Svg.number(best.getAs("mi_adjusted")));
        Row pair = spark.read().parquet(inputs.resolve("outrank/pairwise/run_date=" + DATE).toString())
                .where("feature_a = 'month' AND feature_b = 'contact' OR feature_a = 'contact' AND feature_b = 'month'").first();
        assertThat(chart(html, "redundancy")).contains(pair.getAs("feature_a") + " × " + pair.getAs("feature_b") + ": nmi = "
                + Svg.number(pair.getAs("nmi")));

        // Measures at every ε, group "" only; the histograms count every row of per_row at the largest ε.
        Row summary = spark.read().parquet(inputs.resolve("multiplicity/summary/run_date=" + DATE).toString())
                .where("group = '' AND epsilon = 0.05").first();
        assertThat(chart(html, "measures")).contains("ambiguity at ε = 0.05: " + Svg.number(summary.getAs("ambiguity"))
                + " (set of " + summary.getAs("set_size") + " models)");
        long rows = spark.read().parquet(inputs.resolve("multiplicity/per_row/run_date=" + DATE).toString())
                .where("epsilon = 1.0").count();
        assertThat(chart(html, "vpr_width")).contains(rows + " rows at ε = 1 ");
        assertThat(binCounts(chart(html, "vpr_width"))).isEqualTo(rows);
        assertThat(binCounts(chart(html, "capacity"))).isEqualTo(rows);

        // MCR at the largest ε: the reference's reliance with [MCR−, MCR+].
        Row mcr = spark.read().parquet(inputs.resolve("rashomon/mcr/run_date=" + DATE).toString())
                .where("epsilon = 1.0").orderBy(org.apache.spark.sql.functions.col("mr_diff_ref").desc()).first();
        assertThat(chart(html, "mcr")).contains(mcr.getAs("feature") + ": " + Svg.number(mcr.getAs("mr_diff_ref")) + " ["
                + Svg.number(mcr.getAs("mcr_minus_diff")) + ", " + Svg.number(mcr.getAs("mcr_plus_diff")) + "]");
        assertThat(chart(html, "mcr_ranges")).contains(mcr.getAs("feature") + " at ε = 1: ["
                + Svg.number(mcr.getAs("mcr_minus_ratio")) + ", " + Svg.number(mcr.getAs("mcr_plus_ratio")) + "]");
        List<Row> cloud = spark.read().parquet(inputs.resolve("rashomon/fis_cloud/run_date=" + DATE).toString())
                .where("source = 'pool' AND epsilon = 1.0").collectAsList();
        assertThat(cloud).isNotEmpty();
        for (Row r : cloud) {
            assertThat(chart(html, "fis_cloud")).contains(r.getAs("pair") + ": [" + Svg.number(r.getAs("min")) + ", "
                    + Svg.number(r.getAs("max")) + "]");
        }
        long haloPairs = spark.read().parquet(inputs.resolve("rashomon/halo/run_date=" + DATE).toString())
                .select("pair").distinct().count();
        assertThat(haloPairs).as("two explored features").isEqualTo(1);
        assertThat(countOf(chart(html, "halo"), "<polygon")).isEqualTo(haloPairs);
        assertThat(countOf(chart(html, "halo"), "<circle")).isEqualTo(36 * haloPairs + haloPairs);
        long swarmDots = spark.read().parquet(inputs.resolve("rashomon/swarm/run_date=" + DATE).toString())
                .where("variant = 'consistent'").count();
        assertThat(countOf(chart(html, "swarm"), "fill-opacity")).isEqualTo(swarmDots);

        JsonNode run = runJson(runFolder);
        assertThat(run.at("/job").asText()).isEqualTo("report");
        assertThat(run.at("/charts/drawn")).hasSize(ALL_CHARTS.size());
        assertThat(run.at("/charts/skipped").size()).isZero();
        assertThat(run.at("/inputs/outrank/partition").asText()).isEqualTo("run_date=" + DATE);
        assertThat(texts(run.at("/inputs/outrank/tables_read"))).containsExactly("feature_ranking", "pairwise");
        assertThat(texts(run.at("/inputs/multiplicity/tables_read"))).containsExactly("summary", "per_row");
        assertThat(texts(run.at("/inputs/rashomon/tables_read"))).containsExactly("mcr", "fis_cloud", "halo", "swarm");
        assertThat(run.at("/inputs/rashomon/run_id").asText())
                .isEqualTo(runJson(inputs.resolve("rashomon/run_date=" + DATE)).at("/run_id").asText());
        assertThat(run.at("/report").asText()).endsWith("run_date=" + DATE + "/report.html");
    }

    @Test
    void missingRunsAndTablesBecomeNotesAndAreListedAsSkipped() throws Exception {
        Path out = temp.resolve("summary-only");
        RunResult result = run("report", "--config", write("report", """
                multiplicity: %s
                partition: {run_date: %s}
                output: {path: %s}
                """.formatted(inputs.resolve("multiplicity-summary-only"), DATE, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(chart(html, "measures")).contains("<svg");
        assertThat(chart(html, "vpr_width")).doesNotContain("<svg")
                .contains("Not drawn: per_row not written (the multiplicity run had multiplicity.per_row: false).");
        assertThat(chart(html, "ranking")).doesNotContain("<svg").contains("Not drawn: no outrank run given (config key &#39;outrank&#39;).");
        JsonNode run = runJson(out);
        assertThat(texts(run.at("/charts/drawn"))).containsExactly("measures");
        assertThat(run.at("/charts/skipped/capacity").asText()).isEqualTo(
                "per_row not written (the multiplicity run had multiplicity.per_row: false)");
        assertThat(run.at("/charts/skipped/swarm").asText()).isEqualTo("no rashomon run given (config key 'rashomon')");
        assertThat(run.at("/charts/skipped").size()).isEqualTo(ALL_CHARTS.size() - 1);
        assertThat(run.at("/inputs").size()).isEqualTo(1);
    }

    @Test
    void aRunFolderWithoutItsSuccessMarkerIsBadInputAndLeavesNothing() {
        Path out = temp.resolve("never");
        RunResult otherDay = run("report", "--config", write("report", """
                outrank: %s
                partition: {run_date: 2026-11-27}
                output: {path: %s}
                """.formatted(inputs.resolve("outrank"), out)).toString());
        assertThat(otherDay.exitCode()).isEqualTo(2);
        assertThat(otherDay.firstErrorLine()).isEqualTo("rashomon report: error: config key 'outrank': " + inputs.resolve("outrank")
                + " has no _SUCCESS for partition run_date=2026-11-27; expected the output.path of a finished outrank run");
        assertThat(out).doesNotExist();

        RunResult missing = run("report", "--config", write("report", reportConfig(out, "rashomon: "
                + inputs.resolve("nothing-here"))).toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.firstErrorLine()).contains("config key 'rashomon': " + inputs.resolve("nothing-here")
                + " has no _SUCCESS for partition run_date=" + DATE + " (the folder does not exist)");
        assertThat(out).doesNotExist();

        RunResult wrongJob = run("report", "--config", write("report", reportConfig(out, "multiplicity: "
                + inputs.resolve("outrank"))).toString());
        assertThat(wrongJob.exitCode()).isEqualTo(2);
        assertThat(wrongJob.firstErrorLine()).isEqualTo("rashomon report: error: config key 'multiplicity': "
                + inputs.resolve("outrank") + " for partition run_date=" + DATE
                + " was written by the outrank job; expected the output.path of a multiplicity run");
        assertThat(out).doesNotExist();

        RunResult none = run("report", "--config", write("report", "title: nothing\noutput: {path: " + out + "}\n").toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.firstErrorLine()).isEqualTo("rashomon report: error: config keys 'outrank', 'multiplicity', 'rashomon': "
                + "at least one is required (the output.path of a run to report on)");
        assertThat(out).doesNotExist();
    }

    /** The sum of the "N rows" tooltips of a histogram's bins. */
    private static long binCounts(String chart) {
        Matcher m = Pattern.compile(": (\\d+) rows</title>").matcher(chart);
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }

    private static long countOf(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
