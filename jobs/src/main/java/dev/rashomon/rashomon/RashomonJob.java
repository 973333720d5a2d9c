package dev.rashomon.rashomon;

import dev.rashomon.cli.Job;
import dev.rashomon.io.RunOutput;
import dev.rashomon.multiplicity.Pool;
import dev.rashomon.run.FirstBadRow;
import dev.rashomon.run.Progress;
import dev.rashomon.run.RunContext;
import dev.rashomon.run.RunMetadata;
import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Rashomon-set statistics over a pool of models: how much each model relies on each feature and
 * pair of features, the ranges of that reliance over each Rashomon set (MCR, the FIS cloud), the
 * importance distribution across bootstrap groups (RID) and the set curve. Models mode perturbs
 * an evaluation dataset and scores it with saved MLlib pipelines; scores mode reads scores made
 * elsewhere.
 */
public final class RashomonJob implements Job<RashomonConfig> {
    public static final String CURVE = "rashomon_curve";
    public static final String MODEL_RELIANCE = "model_reliance";
    public static final String MCR = "mcr";
    public static final String FIS = "fis";
    public static final String FIS_CLOUD = "fis_cloud";
    public static final String RID = "rid";
    public static final String HALO = "halo";
    public static final String SWARM = "swarm";
    public static final String SCORES = "scores";
    public static final String PERTURBED_SCORES = "perturbed_scores";
    private static final String WHOLE_STAGE_CODEGEN = "spark.sql.codegen.wholeStage";

    @Override
    public String name() {
        return "rashomon";
    }

    @Override
    public String description() {
        return "Rashomon-set statistics: model class reliance, variable-importance and interaction clouds, importance "
                + "distributions";
    }

    @Override
    public Class<RashomonConfig> configType() {
        return RashomonConfig.class;
    }

    @Override
    public void validate(RashomonConfig config) {
        config.validate();
    }

    /**
     * What a mode produces: the pool's models (in pool order), their reliance, the pool, each model's group;
     * models mode may add its scores (write_scores) and the exploration.
     */
    private record Scored(List<String> models, Reliance reliance, Pool pool, String[] groups, String lossSource,
                          List<Dataset<Row>> scores, Exploration.Result exploration) {

        Scored withReliance(Reliance more) {
            return new Scored(models, more, pool, groups, lossSource, scores, exploration);
        }

        Scored withScores(List<Dataset<Row>> tables) {
            return new Scored(models, reliance, pool, groups, lossSource, tables, exploration);
        }

        Scored withExploration(Exploration.Result result) {
            return new Scored(models, reliance, pool, groups, lossSource, scores, result);
        }
    }

    @Override
    public void run(SparkSession spark, RashomonConfig config, RunContext context) throws Exception {
        RunMetadata run = new RunMetadata(name(), context.runId(), config);
        RunOutput output = RunOutput.prepare(spark, config.output(), context.runId(), inputs(config));
        List<Runnable> release = new ArrayList<>();
        try {
            Scored scored = config.mode() == RashomonConfig.Mode.SCORES
                    ? run.time("read", () -> scoresMode(spark, config))
                    : modelsMode(spark, config, run, release, context.progress());
            RelianceTables tables = new RelianceTables(spark, scored.pool(), scored.reliance(), config.rashomon());
            run.time("write", () -> {
                output.writeTable(CURVE, tables.curve(), true);
                output.writeTable(MODEL_RELIANCE, tables.modelReliance(), true);
                output.writeTable(MCR, tables.mcr(), true);
                output.writeTable(FIS, tables.fis(), true);
                Dataset<Row> cloud = tables.fisCloud();
                if (scored.exploration() != null) {
                    cloud = cloud.unionByName(scored.exploration().fisCloud());
                }
                output.writeTable(FIS_CLOUD, cloud, true);
                output.writeTable(RID, tables.rid(scored.groups()), true);
                if (scored.exploration() != null) {
                    output.writeTable(HALO, scored.exploration().halo(), true);
                    output.writeTable(SWARM, scored.exploration().swarm(), true);
                }
                if (scored.scores() != null) {
                    Dataset<Row> original = scored.scores().get(0);
                    Dataset<Row> perturbed = scored.scores().get(1);
                    output.writeKeyedTable(SCORES, original, original.count(), "row_id", "model_id");
                    output.writeKeyedTable(PERTURBED_SCORES, perturbed, perturbed.count(), "row_id", "model_id", "perturbation");
                }
                return null;
            });
            run.put("pool", profile(scored, config));
            output.commit(run);
        } catch (Throwable t) {
            output.abort();
            UserError first = config.mode() == RashomonConfig.Mode.SCORES
                    ? FirstBadRow.inPlaceOf(t, new ScoresReader(spark, config)::firstBadLine)
                    : ScoringFailure.explain(t, config.input().path());
            if (first != null) {
                throw first;
            }
            throw t;
        } finally {
            release.forEach(Runnable::run);
        }
    }

    /** Every input path by its config key, for {@link RunOutput#prepare}. */
    private static Map<String, String> inputs(RashomonConfig config) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("models.path", config.models().path());
        inputs.put("input.path", config.input() == null ? null : config.input().path());
        inputs.put("predictions.path", config.predictions().path());
        inputs.put("perturbed.path", config.perturbed().path());
        inputs.put("losses.path", config.losses().path());
        inputs.put("groups.path", config.groups().path());
        return inputs;
    }

    private Scored scoresMode(SparkSession spark, RashomonConfig config) {
        ScoresReader.Result read = new ScoresReader(spark, config).read();
        return pooled(spark, config, read.models(), read.reliance(), null, null, null);
    }

    private Scored modelsMode(SparkSession spark, RashomonConfig config, RunMetadata run, List<Runnable> release,
                              Progress progress) {
        // One plan chains every saved pipeline; its whole-stage code outgrows the JVM's 64 KB method limit
        // beyond a few models, and Spark would log a failed compile before falling back anyway.
        String codegen = spark.conf().get(WHOLE_STAGE_CODEGEN, "true");
        spark.conf().set(WHOLE_STAGE_CODEGEN, "false");
        release.add(() -> spark.conf().set(WHOLE_STAGE_CODEGEN, codegen));
        ModelPool.Loaded models = run.time("load models", () -> ModelPool.load(spark, config.models()));
        EvaluationRows.Result rows = run.time("read", () -> EvaluationRows.read(spark, config));
        release.add(() -> rows.rows().unpersist(false));
        PerturbationPlan plan = run.time("plan", () -> PerturbationPlan.of(rows.rows(), rows.raw(), rows.features(),
                config.rashomon().marginalMaxValues(), rows.count()));
        PerturbedScoring scoring = new PerturbedScoring(spark, rows, plan, models, config);
        release.add(scoring::release);
        List<String[]> singles = rows.features().stream().map(f -> new String[] {f}).toList();
        progress.step("%d models, %d rows: scoring the rows and their copies with %d features perturbed (%d copies a row)",
                models.ids().size(), rows.count(), singles.size(), plan.copies(singles));
        Reliance reliance = run.time("score features", () -> scoring.run(rows.features(), singles, true));
        // The first pass has cached the paired rows, which every later step reads; the evaluation rows can go.
        rows.rows().unpersist(false);
        Scored scored = pooled(spark, config, models.ids(), reliance, models.losses(), models.groups(), models.lossSource());
        List<String[]> pairs = pairs(config.rashomon(), scored, rows.features());
        if (!pairs.isEmpty()) {
            List<String> names = pairs.stream().map(p -> Reliance.pairName(p[0], p[1])).toList();
            progress.step("scoring %d pairs (%d copies a row)", pairs.size(), plan.copies(pairs));
            Reliance withPairs = reliance.with(run.time("score pairs", () -> scoring.run(names, pairs, false)));
            scored = scored.withReliance(withPairs);
        }
        if (config.rashomon().writeScores()) {
            scored = scored.withScores(scoring.scoresTables());
        }
        if (config.rashomon().exploration().enabled()) {
            progress.step("exploring around the reference (FISC)");
            Scored pooled = scored;
            scored = scored.withExploration(run.time("explore", () -> explore(spark, config, models, scoring, rows,
                    pooled.pool())));
            run.put("exploration", scored.exploration().profile());
        }
        Map<String, Object> evaluation = new LinkedHashMap<>();
        evaluation.put("rows", rows.count());
        evaluation.put("skipped_rows", rows.skipped());
        evaluation.put("skipped_examples", rows.skippedExamples());
        if (rows.skipped() > 0) {
            run.warn(rows.skipped() + " bad row" + (rows.skipped() == 1 ? "" : "s") + " of input " + config.input().path()
                    + " skipped (input.bad_rows: skip); examples in run.json under evaluation.skipped_examples");
        }
        evaluation.put("perturbation", plan.schemes());
        evaluation.put("pair_scheme", "each feature of a pair perturbed as it is alone (independently)");
        evaluation.put("seed", config.rashomon().seed());
        run.put("evaluation", evaluation);
        return scored;
    }

    /** The FISC exploration around the reference (or the named model), on the numeric features. */
    private static Exploration.Result explore(SparkSession spark, RashomonConfig config, ModelPool.Loaded models,
                                              PerturbedScoring scoring, EvaluationRows.Result rows, Pool pool) {
        RashomonConfig.Exploration options = config.rashomon().exploration();
        String model = options.model().equals("reference") ? pool.modelId(pool.reference()) : options.model();
        int index = models.ids().indexOf(model);
        if (index < 0) {
            throw new UserError("rashomon.exploration.model '" + model + "' is not a model of the pool (models: "
                    + String.join(", ", models.ids().subList(0, Math.min(20, models.ids().size()))) + ")");
        }
        Dataset<Row> numbered = scoring.numberedRows();
        List<String> numeric = NumericColumns.of(numbered, rows.features());
        List<String> features = options.features().isEmpty() ? numeric : options.features();
        for (String feature : features) {
            if (!rows.raw().contains(feature)) {
                throw new UserError("rashomon.exploration.features names '" + feature + "', which is not a column of input "
                        + config.input().path());
            }
            if (!numeric.contains(feature)) {
                throw new UserError("rashomon.exploration.features names '" + feature + "', whose values are not all "
                        + "numbers; only numeric features can be rescaled");
            }
        }
        if (features.size() < 2) {
            throw new UserError("the exploration needs at least 2 numeric features (pairs of them), found "
                    + features.size() + (features.isEmpty() ? "" : " (" + features.get(0) + ")"));
        }
        Dataset<Row> typed = numbered;
        for (String feature : features) {
            typed = typed.withColumn(feature, functions.col(EvaluationRows.quote(feature)).cast("double"));
        }
        return Exploration.explore(spark, models.pipelines().get(index), config.models().probabilityColumn(), typed,
                PerturbedScoring.ROW, EvaluationRows.LABEL, features, options.options(config.rashomon().seed()),
                config.rashomon().loss(), config.rashomon().threshold());
    }

    /** Pairs among the features the reference relies on most, all pairs, or none. */
    private static List<String[]> pairs(RashomonConfig.Rashomon options, Scored scored, List<String> features) {
        List<String> chosen = switch (options.pairs()) {
            case NONE -> List.of();
            case ALL -> features;
            case TOP_K -> {
                int ref = scored.pool().reference();
                List<String> ranked = features.stream().sorted(Comparator.<String>comparingDouble(
                        f -> -scored.reliance().of(ref, f).difference()).thenComparing(features::indexOf)).toList();
                List<String> top = ranked.subList(0, Math.min(options.topKFeatures(), ranked.size()));
                yield features.stream().filter(top::contains).toList();
            }
        };
        List<String[]> pairs = new ArrayList<>();
        for (int a = 0; a < chosen.size(); a++) {
            for (int b = a + 1; b < chosen.size(); b++) {
                pairs.add(new String[] {chosen.get(a), chosen.get(b)});
            }
        }
        return pairs;
    }

    /** The pool over the models: losses (given, the ensemble's, or e_orig) and groups (given, bootstrap ids, or one). */
    private Scored pooled(SparkSession spark, RashomonConfig config, List<String> models, Reliance reliance,
                          Map<String, Double> defaultLosses, Map<String, String> defaultGroups, String defaultSource) {
        Map<String, Double> losses;
        String source;
        if (config.losses().given()) {
            source = "losses " + config.losses().path();
            losses = ModelTables.losses(ModelTables.read(spark, config.losses()), source);
        } else if (defaultLosses != null) {
            source = defaultSource;
            losses = defaultLosses;
        } else {
            source = "each model's " + config.rashomon().loss().configName() + " on the evaluation rows";
            losses = new LinkedHashMap<>();
            for (int m = 0; m < models.size(); m++) {
                losses.put(models.get(m), reliance.original()[m]);
            }
        }
        if (config.losses().given() && config.models().include().isEmpty()) {
            ModelTables.refuseUnknown(losses.keySet(), models, source);
        }
        Double[] byModel = ModelTables.byModel(losses, models, source, new Double[models.size()]);
        LinkedHashMap<String, Double> ordered = new LinkedHashMap<>();
        for (int m = 0; m < models.size(); m++) {
            ordered.put(models.get(m), byModel[m]);
        }
        Pool pool = Pool.of(ordered, config.rashomon().setRule(), source);
        String[] groups;
        if (config.groups().given()) {
            String where = "groups " + config.groups().path();
            groups = ModelTables.byModel(ModelTables.groups(ModelTables.read(spark, config.groups()), where, "group"),
                    models, where, new String[models.size()]);
        } else if (defaultGroups != null) {
            groups = ModelTables.byModel(defaultGroups, models, defaultSource, new String[models.size()]);
        } else {
            groups = new String[models.size()];
            Arrays.fill(groups, "all");
        }
        if (reliance.features().isEmpty()) {
            throw new UserError("no single-feature perturbation: model reliance needs each feature perturbed alone");
        }
        return new Scored(models, reliance, pool, groups, source, null, null);
    }

    private static Map<String, Object> profile(Scored scored, RashomonConfig config) {
        Pool pool = scored.pool();
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("mode", config.mode().name().toLowerCase(Locale.ROOT));
        profile.put("models", pool.size());
        profile.put("rows", scored.reliance().rows());
        profile.put("reference", pool.modelId(pool.reference()));
        profile.put("losses", scored.lossSource());
        profile.put("loss", config.rashomon().loss().configName());
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (int e = 0; e < pool.epsilons().length; e++) {
            sizes.put(String.valueOf(pool.epsilons()[e]), pool.setSizes()[e]);
        }
        profile.put("set_sizes", sizes);
        profile.put("features", scored.reliance().features());
        profile.put("pairs", scored.reliance().pairs());
        profile.put("groups", Arrays.stream(scored.groups()).distinct().count());
        return profile;
    }
}
