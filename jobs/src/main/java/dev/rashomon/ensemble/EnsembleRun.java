package dev.rashomon.ensemble;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import dev.rashomon.ensemble.LabeledRows.Prepared;
import dev.rashomon.ensemble.PoolMetrics.ModelMetrics;
import dev.rashomon.ensemble.PoolTrainer.TrainedModel;
import dev.rashomon.io.RunOutput;
import dev.rashomon.run.Progress;
import dev.rashomon.run.RunMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One ensemble run in named steps: prepare the rows (read, check, number, split), fit the feature
 * stages on the training split, featurize every row once, train the pool, score every row with
 * every model in one pass, compute the metrics, write. Each cached copy is released as soon as the
 * next one is complete, so at most two are held at a time.
 */
final class EnsembleRun {
    private final SparkSession spark;
    private final EnsembleConfig config;
    private final RunMetadata run;
    private final RunOutput output;
    private final Progress progress;
    private final List<Dataset<Row>> cached = new ArrayList<>();

    EnsembleRun(SparkSession spark, EnsembleConfig config, RunMetadata run, RunOutput output, Progress progress) {
        this.spark = spark;
        this.config = config;
        this.run = run;
        this.output = output;
        this.progress = progress;
    }

    void execute() {
        List<ModelSpec> pool = ModelGrid.expand(config.ensemble());
        describePool(pool);
        try {
            Prepared prepared = run.time("prepare", () -> new LabeledRows(spark, config, run).prepare());
            cached.add(prepared.rows());
            progress.step("prepared %d rows: %d training, %d selection", prepared.counts().used(),
                    prepared.counts().training(), prepared.counts().selection());
            boolean linear = pool.stream().anyMatch(m -> !m.family().tree);
            boolean tree = pool.stream().anyMatch(m -> m.family().tree);
            FeaturePipeline.Fitted features = run.time("fit_features", () -> FeaturePipeline.fit(
                    prepared.rows().filter(not(col(LabeledRows.SELECTION))), prepared.columns(), config, linear, tree));
            run.put("features", features.description());
            Dataset<Row> featurized = run.time("featurize", () -> featurize(features, prepared));
            release(prepared.rows());
            List<TrainedModel> trained = run.time("train", () -> new PoolTrainer(features.treeMaxBins(),
                    config.ensemble().bootstrapSeed(), progress).train(pool, featurized.filter(not(col(LabeledRows.SELECTION)))));
            Dataset<Row> scored = run.time("score", () -> {
                Dataset<Row> rows = cache(PoolScorer.score(featurized, trained, prepared.columns().keep()));
                rows.count();
                return rows;
            });
            release(featurized);
            List<ModelMetrics> metrics = run.time("metrics", () -> PoolMetrics.compute(scored, trained.size()));
            progress.step("scored %d models on %d rows", trained.size(), prepared.counts().used());
            warnAboutMetrics(trained, metrics);
            run.time("write", () -> {
                PoolTables.savePipelines(output.stageFolder(PoolTables.PIPELINES), trained, features, prepared.rows());
                output.writeTable(PoolTables.MODELS, PoolTables.models(spark, trained, metrics, features.treeMaxBins()), true);
                boolean wide = config.output().layout() == EnsembleConfig.Output.Layout.WIDE;
                long rows = prepared.counts().selection() * (wide ? 1 : trained.size());
                Dataset<Row> predictions = PoolTables.predictions(scored, trained, prepared.columns().keep(), config.output().layout());
                if (wide) {
                    output.writeKeyedTable(PoolTables.PREDICTIONS, predictions, rows, PoolScorer.ROW_ID);
                } else {
                    output.writeKeyedTable(PoolTables.PREDICTIONS, predictions, rows, PoolScorer.ROW_ID, "model_id");
                }
                return null;
            });
            run.put("pool_summary", summary(trained, metrics));
        } finally {
            cached.forEach(Dataset::unpersist);
        }
    }

    /** Both feature vectors of every row, computed once and kept for training and scoring. */
    private Dataset<Row> featurize(FeaturePipeline.Fitted features, Prepared prepared) {
        List<Column> columns = new ArrayList<>(List.of(col(LabeledRows.ROW_ID), col(LabeledRows.LABEL), col(LabeledRows.SELECTION)));
        prepared.columns().keep().forEach(name -> columns.add(col(ColumnSql.quote(name))));
        Dataset<Row> all = features.transform(prepared.rows());
        for (String vector : List.of(FeaturePipeline.LINEAR, FeaturePipeline.TREE)) {
            if (List.of(all.columns()).contains(vector)) {
                columns.add(col(vector));
            }
        }
        Dataset<Row> featurized = cache(all.select(columns.toArray(Column[]::new)));
        featurized.count();
        return featurized;
    }

    private Dataset<Row> cache(Dataset<Row> rows) {
        Dataset<Row> kept = rows.persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(kept);
        return kept;
    }

    private void release(Dataset<Row> rows) {
        rows.unpersist();
        cached.remove(rows);
    }

    private void describePool(List<ModelSpec> pool) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("size", pool.size());
        Map<String, Integer> families = new LinkedHashMap<>();
        pool.forEach(m -> families.merge(m.family().configName, 1, Integer::sum));
        description.put("families", families);
        description.put("bootstraps", config.ensemble().bootstraps());
        description.put("bootstrap_seed", config.ensemble().bootstrapSeed());
        description.put("partitions", config.ensemble().partitions());
        run.put("pool", description);
    }

    private void warnAboutMetrics(List<TrainedModel> trained, List<ModelMetrics> metrics) {
        for (int i = 0; i < trained.size(); i++) {
            if (!Double.isFinite(metrics.get(i).selectionLogLoss())) {
                run.warn("model " + trained.get(i).spec().id() + " has no finite selection log-loss (did it diverge?)");
            }
        }
        if (metrics.stream().allMatch(m -> Double.isNaN(m.selectionAuc()))) {
            run.warn("the selection split holds a single class: selection_auc is empty");
        }
    }

    /** The best and worst model by selection log-loss and the AUC range: what a reader of run.json looks for first. */
    private static Map<String, Object> summary(List<TrainedModel> trained, List<ModelMetrics> metrics) {
        int best = 0;
        int worst = 0;
        double minAuc = Double.NaN;
        double maxAuc = Double.NaN;
        for (int i = 0; i < metrics.size(); i++) {
            double loss = metrics.get(i).selectionLogLoss();
            best = loss < metrics.get(best).selectionLogLoss() ? i : best;
            worst = loss > metrics.get(worst).selectionLogLoss() ? i : worst;
            double auc = metrics.get(i).selectionAuc();
            if (!Double.isNaN(auc)) {
                minAuc = Double.isNaN(minAuc) ? auc : Math.min(minAuc, auc);
                maxAuc = Double.isNaN(maxAuc) ? auc : Math.max(maxAuc, auc);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("best_model", trained.get(best).spec().id());
        summary.put("best_selection_log_loss", metrics.get(best).selectionLogLoss());
        summary.put("worst_model", trained.get(worst).spec().id());
        summary.put("worst_selection_log_loss", metrics.get(worst).selectionLogLoss());
        summary.put("selection_auc_min", Double.isNaN(minAuc) ? null : minAuc);
        summary.put("selection_auc_max", Double.isNaN(maxAuc) ? null : maxAuc);
        summary.put("training_seconds", trained.stream().mapToDouble(TrainedModel::seconds).sum());
        return summary;
    }
}
