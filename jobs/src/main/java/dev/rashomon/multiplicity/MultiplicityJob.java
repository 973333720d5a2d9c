package dev.rashomon.multiplicity;

import dev.rashomon.cli.Job;
import dev.rashomon.io.RunOutput;
import dev.rashomon.run.FirstBadRow;
import dev.rashomon.run.RunContext;
import dev.rashomon.run.RunMetadata;
import dev.rashomon.run.UserError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Measures how much the models of a Rashomon set disagree: for every ε and group, ambiguity,
 * discrepancy, score-based variants, viable prediction ranges, score spread, Rashomon capacity,
 * disagreement and self-consistency, and the pattern Rashomon ratio. The predictions are read
 * once; every measure but per_row comes from one pass over the rows.
 */
public final class MultiplicityJob implements Job<MultiplicityConfig> {
    public static final String SUMMARY = "summary";
    public static final String SCORE_DEVIATION = "score_deviation";
    public static final String CURVE = "curve";
    public static final String PER_ROW = "per_row";
    public static final String MEMBERS = "members";
    public static final String CONVENTIONS = "conventions";

    @Override
    public String name() {
        return "multiplicity";
    }

    @Override
    public String description() {
        return "measure how much equally good models disagree (ambiguity, discrepancy, VPR, capacity, …) per ε and group";
    }

    @Override
    public Class<MultiplicityConfig> configType() {
        return MultiplicityConfig.class;
    }

    @Override
    public void validate(MultiplicityConfig config) {
        config.validate();
    }

    @Override
    public void run(SparkSession spark, MultiplicityConfig config, RunContext context) throws Exception {
        RunMetadata run = new RunMetadata(name(), context.runId(), config);
        RunOutput output = RunOutput.prepare(spark, config.output(), context.runId(), inputs(config));
        PredictionReader.Result read = null;
        SparkSteps steps = new SparkSteps(spark);
        try {
            read = run.time("read", () -> steps.named("read predictions", new PredictionReader(spark, config)::read));
            Pool pool = read.pool();
            MultiplicityConfig.Multiplicity options = config.multiplicity();
            String where = "predictions " + config.predictions().path();
            PoolPass pass = new PoolPass(pool, read.classes(), options, where);
            PredictionReader.Result result = read;
            PoolPass.Measured measured = run.time("measure", () -> steps.named("measure rows",
                    () -> pass.measure(result.rows(), result.checkUniqueRowIds())));
            UniqueRowIds.confirm(result.rows(), measured.repeatedRowHashes(), where);
            Map<String, GroupState> states = measured.states();
            if (!states.containsKey(PoolPass.ALL)) {
                throw new UserError(where + " has no rows (expected at least one scored row)");
            }
            SummaryTables tables = new SummaryTables(spark, pool, pass, states, measured.distributions());
            run.time("write", () -> steps.named("write tables", () -> {
                output.writeTable(SUMMARY, tables.summary(), true);
                if (pass.binary()) {
                    output.writeTable(SCORE_DEVIATION, tables.scoreDeviation(), true);
                }
                output.writeTable(CURVE, tables.curve(), true);
                output.writeTable(MEMBERS, Members.table(spark, pool, states.get(PoolPass.ALL)), true);
                output.writeTable(CONVENTIONS, Conventions.table(spark, options, pool, pass.binary(), result.lossSource()),
                        true);
                if (options.perRow()) {
                    Dataset<Row> perRow = RowTable.build(spark, result.rows(), pass, pool, result.rowIdType(), options.groups());
                    long sets = java.util.Arrays.stream(pool.setSizes()).filter(size -> size > 0).count();
                    output.writeKeyedTable(PER_ROW, perRow.drop(RowTable.GROUP_KEYS), states.get(PoolPass.ALL).rows * sets,
                            PredictionReader.ROW_ID, RowTable.EPSILON);
                }
                return null;
            }));
            run.put("pool", poolProfile(pool, read, pass, states));
            warnAboutSmallSets(run, pool);
            output.commit(run);
        } catch (Throwable t) {
            output.abort();
            UserError first = FirstBadRow.inPlaceOf(t, new PredictionReader(spark, config)::firstBadRow);
            if (first != null) {
                throw first;
            }
            throw t;
        } finally {
            if (read != null) {
                read.rows().unpersist(false);
            }
        }
    }

    /** Every input path by its config key, for {@link RunOutput#prepare}. */
    private static Map<String, String> inputs(MultiplicityConfig config) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("predictions.path", config.predictions().path());
        inputs.put("losses.path", config.losses().path());
        if (config.multiplicity().groupsFrom() != null) {
            inputs.put("multiplicity.groups_from.path", config.multiplicity().groupsFrom().path());
        }
        return inputs;
    }

    private static Map<String, Object> poolProfile(Pool pool, PredictionReader.Result read, PoolPass pass,
                                                   Map<String, GroupState> states) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("models", pool.size());
        profile.put("classes", read.classes() == 1 ? 2 : read.classes());
        profile.put("task", read.classes() == 1 ? "binary" : "multiclass");
        profile.put("rows", states.get(PoolPass.ALL).rows);
        profile.put("reference", pool.modelId(pool.reference()));
        profile.put("losses", read.lossSource());
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (int e = 0; e < pool.epsilons().length; e++) {
            sizes.put(String.valueOf(pool.epsilons()[e]), pool.setSizes()[e]);
        }
        profile.put("set_sizes", sizes);
        profile.put("pairwise_discrepancy", pass.pairs() ? "computed" : "skipped: more models than pairwise_max_models");
        profile.put("groups", states.size() - 1);
        return profile;
    }

    /** Sampled sets give lower bounds on max-type measures; say so when a set is too small to mean much. */
    private static void warnAboutSmallSets(RunMetadata run, Pool pool) {
        for (int e = 0; e < pool.epsilons().length; e++) {
            int size = pool.setSizes()[e];
            if (size < 2) {
                run.warn("the Rashomon set at ε = " + pool.epsilons()[e] + " has " + size + " model" + (size == 1 ? "" : "s")
                        + ": its disagreement measures are " + (size == 0 ? "undefined (null)" : "0 or undefined"));
            }
        }
    }
}
