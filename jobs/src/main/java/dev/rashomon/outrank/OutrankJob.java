package dev.rashomon.outrank;

import dev.rashomon.cli.Job;
import dev.rashomon.io.RunOutput;
import dev.rashomon.run.RunContext;
import dev.rashomon.run.RunMetadata;
import dev.rashomon.outrank.compat.CompatRanking;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Ranks every feature by its information about the label, exactly, from one pass over the input:
 * contingency counts n(feature, value, class) → per-feature count histograms → MI, expected MI
 * under the permutation null, and the scores derived from them.
 */
public final class OutrankJob implements Job<OutrankConfig> {
    public static final String TABLE = "feature_ranking";
    public static final String PAIRWISE_TABLE = "pairwise";
    public static final String PROFILE_TABLE = "feature_profile";
    public static final String RARE_VALUES_TABLE = "rare_values";
    public static final String THREE_MR_TABLE = "ranking_3mr";
    public static final String REJECTED_TABLE = "rejected";

    @Override
    public String name() {
        return "outrank";
    }

    @Override
    public String description() {
        return "rank features by cardinality-aware mutual information with the label (exact, one pass)";
    }

    @Override
    public Class<OutrankConfig> configType() {
        return OutrankConfig.class;
    }

    @Override
    public void validate(OutrankConfig config) {
        config.validate();
    }

    @Override
    public void run(SparkSession spark, OutrankConfig config, RunContext context) throws Exception {
        RunMetadata run = new RunMetadata(name(), context.runId(), config);
        RunOutput output = RunOutput.prepare(spark, config.output(), context.runId(),
                java.util.Collections.singletonMap("input.path", config.input().path()));
        Map<String, Object> sparkProfile = new LinkedHashMap<>();
        sparkProfile.put("master", spark.sparkContext().master());
        sparkProfile.put("default_parallelism", spark.sparkContext().defaultParallelism());
        run.put("spark", sparkProfile);
        try {
            if (config.isCompat()) {
                Map<String, Object> inputProfile = new LinkedHashMap<>();
                inputProfile.put("path", config.input().path());
                inputProfile.put("format", config.input().format().configName());
                run.put("input", inputProfile);
                Dataset<Row> table = new CompatRanking(spark, config.outrank().compat(), config.label().column(), run)
                        .rank(config.input(), output);
                run.time("write", () -> {
                    output.writeTable(TABLE, table, true);
                    return null;
                });
            } else {
                new ExactRanking(spark, config, run, output).rank();
            }
            output.commit(run);
        } catch (Throwable t) {
            output.abort();
            throw t;
        }
    }
}
