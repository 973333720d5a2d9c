package dev.rashomon.report;

import dev.rashomon.cli.Job;
import dev.rashomon.config.OutputConfig;
import dev.rashomon.io.RunOutput;
import dev.rashomon.run.RunContext;
import dev.rashomon.run.RunMetadata;
import dev.rashomon.run.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Draws the outputs of earlier outrank, multiplicity and rashomon runs as one self-contained HTML
 * page, {@code <output.path>/P/report.html}: inline SVG charts, no script, no fetches. A chart
 * whose table is absent is replaced by a note and listed as skipped in run.json.
 */
public final class ReportJob implements Job<ReportConfig> {
    public static final String FILE = "report.html";

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String description() {
        return "draw earlier outrank, multiplicity and rashomon runs as one self-contained HTML page (inline SVG)";
    }

    @Override
    public Class<ReportConfig> configType() {
        return ReportConfig.class;
    }

    @Override
    public void validate(ReportConfig config) {
        config.validate();
    }

    @Override
    public void run(SparkSession spark, ReportConfig config, RunContext context) throws Exception {
        String runId = context.runId();
        RunMetadata run = new RunMetadata(name(), runId, config);
        RunOutput output = RunOutput.prepare(spark, config.output(), runId, inputs(config));
        try {
            Map<String, String> partition = config.inputPartition();
            RunFolder outrank = open(spark, "outrank", config.outrank(), partition);
            RunFolder multiplicity = open(spark, "multiplicity", config.multiplicity(), partition);
            RunFolder rashomon = open(spark, "rashomon", config.rashomon(), partition);
            List<ReportPage.Section> sections = run.time("draw", () -> List.of(
                    section("Feature ranking (outrank)", "outrank", outrank, RankingCharts::absent,
                            r -> new RankingCharts(r, config.topFeatures()).charts()),
                    section("Predictive multiplicity (multiplicity)", "multiplicity", multiplicity,
                            MultiplicityCharts::absent, r -> new MultiplicityCharts(r).charts()),
                    section("Feature reliance over the Rashomon set (rashomon)", "rashomon", rashomon,
                            RashomonCharts::absent, r -> new RashomonCharts(r, config.topFeatures()).charts())));
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("run", runId);
            facts.put("partition read", partition.isEmpty() ? "none (unpartitioned runs)" : OutputConfig.partitionPath(partition));
            String html = ReportPage.render(config.title(), facts, sections);
            output.writeRunFile(FILE, html);

            Map<String, Object> inputs = new LinkedHashMap<>();
            for (RunFolder folder : new RunFolder[] {outrank, multiplicity, rashomon}) {
                if (folder != null) {
                    inputs.put(folder.key(), folder.profile());
                }
            }
            List<String> drawn = new ArrayList<>();
            Map<String, String> skipped = new LinkedHashMap<>();
            for (ReportPage.Section section : sections) {
                for (Chart chart : section.charts()) {
                    if (chart.isDrawn()) {
                        drawn.add(chart.name());
                    } else {
                        skipped.put(chart.name(), chart.skipped());
                    }
                }
            }
            Map<String, Object> charts = new LinkedHashMap<>();
            charts.put("drawn", drawn);
            charts.put("skipped", skipped);
            run.put("inputs", inputs);
            run.put("charts", charts);
            run.put("report", new Path(output.runFolder(), FILE).toString());
            run.put("report_bytes", html.getBytes(StandardCharsets.UTF_8).length);
            output.commit(run);
        } catch (Throwable t) {
            output.abort();
            throw t;
        }
    }

    /** The run folders read, by config key, for {@link RunOutput#prepare}. */
    private static Map<String, String> inputs(ReportConfig config) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("outrank", config.outrank());
        inputs.put("multiplicity", config.multiplicity());
        inputs.put("rashomon", config.rashomon());
        return inputs;
    }

    private static RunFolder open(SparkSession spark, String key, String path, Map<String, String> partition) {
        return path == null || path.isBlank() ? null : RunFolder.open(spark, key, key, path, partition);
    }

    private static ReportPage.Section section(String heading, String key, RunFolder folder,
                                              Function<String, List<Chart>> absent, Function<RunFolder, List<Chart>> draw) {
        if (folder == null) {
            return new ReportPage.Section(heading, null, absent.apply("no " + key + " run given (config key '" + key + "')"));
        }
        String source = "From " + Secrets.withoutUserInfo(folder.path()) + ", run "
                + folder.runJson().path("run_id").asText("?") + ".";
        return new ReportPage.Section(heading, source, draw.apply(folder));
    }
}
