package dev.rashomon.report;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;

import dev.rashomon.config.Doc;
import dev.rashomon.config.OutputConfig;
import dev.rashomon.run.UserError;
import java.util.Map;

/** The config of the {@code report} job: which finished runs to draw, and where the page goes. */
public record ReportConfig(
        @Doc("an outrank run's output.path: the feature ranking, score vs cardinality, the pairwise heatmap") String outrank,
        @Doc("a multiplicity run's output.path: measures against ε, VPR width and capacity histograms") String multiplicity,
        @Doc("a rashomon run's output.path: MCR ranking and ranges, the FIS cloud, Halo and swarm plots") String rashomon,
        @Doc("the partition of those runs to read, e.g. {run_date: 2026-11-26}; when absent, output.partition; "
                + "{} reads unpartitioned runs") Map<String, String> partition,
        @Doc("the page's title") String title,
        @Doc("features in the ranking bar charts and the heatmap (the best by rank)") Integer topFeatures,
        OutputConfig output) {

    public ReportConfig {
        title = orDefault(title, "rashomon-suite report");
        topFeatures = orDefault(topFeatures, 25);
        output = orDefault(output, new OutputConfig(null, null, null));
    }

    /** The partition of the runs read: the given one, else the report's own. */
    public Map<String, String> inputPartition() {
        return partition != null ? partition : output.partition();
    }

    public void validate() {
        if (blank(outrank) && blank(multiplicity) && blank(rashomon)) {
            throw new UserError("config keys 'outrank', 'multiplicity', 'rashomon': at least one is required "
                    + "(the output.path of a run to report on)");
        }
        check(topFeatures >= 1 && topFeatures <= 200, "top_features", "between 1 and 200", topFeatures);
        output.validate();
        check(!output.catalog().enabled(), "output.catalog.database", "unset for the report job (it writes one HTML "
                + "page and run.json, no tables to register)", "'" + output.catalog().database() + "'");
        if (partition != null) {
            partition.forEach((key, value) -> check(key.matches("[A-Za-z_][A-Za-z0-9_]*") && value != null
                    && !value.isEmpty() && !value.contains("/") && !value.contains("="), "partition." + key,
                    "a non-empty value without '/' or '=' under a column name", "'" + value + "'"));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
