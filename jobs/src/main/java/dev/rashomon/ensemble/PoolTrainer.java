package dev.rashomon.ensemble;

import static org.apache.spark.sql.functions.col;

import dev.rashomon.run.Progress;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/** Trains the models of a pool one after the other, each on the training split or one of its bootstrap resamples. */
final class PoolTrainer {
    /** A fitted classifier and the spec it came from. */
    record TrainedModel(ModelSpec spec, ProbabilisticClassificationModel<Vector, ?> model, double seconds) {
        String featuresColumn() {
            return spec.family().tree ? FeaturePipeline.TREE : FeaturePipeline.LINEAR;
        }
    }

    private final int treeMaxBins;
    private final long bootstrapSeed;
    private final Progress progress;

    PoolTrainer(int treeMaxBins, long bootstrapSeed, Progress progress) {
        this.treeMaxBins = treeMaxBins;
        this.bootstrapSeed = bootstrapSeed;
        this.progress = progress;
    }

    /** {@code training}: the featurized training split with {@link LabeledRows#ROW_ID} and {@link LabeledRows#LABEL}. */
    List<TrainedModel> train(List<ModelSpec> pool, Dataset<Row> training) {
        List<TrainedModel> trained = new ArrayList<>();
        for (ModelSpec spec : pool) {
            long start = System.nanoTime();
            Dataset<Row> data = spec.bootstrapId() == null ? training : resample(training, spec.bootstrapId());
            ProbabilisticClassifier<?, ?, ?> estimator = spec.parameters().estimator(spec.id(), spec.seed(), treeMaxBins);
            estimator.setLabelCol(LabeledRows.LABEL);
            estimator.setFeaturesCol(spec.family().tree ? FeaturePipeline.TREE : FeaturePipeline.LINEAR);
            @SuppressWarnings("unchecked")
            ProbabilisticClassificationModel<Vector, ?> model = (ProbabilisticClassificationModel<Vector, ?>) estimator.fit(data);
            double seconds = (System.nanoTime() - start) / 1e9;
            trained.add(new TrainedModel(spec, model, seconds));
            progress.step("trained %d/%d %s (%.1f s)", trained.size(), pool.size(), spec.id(), seconds);
        }
        return trained;
    }

    /** Bootstrap resample {@code b}: each row repeated Poisson(1) times, drawn from (row_id, seed, b). */
    private Dataset<Row> resample(Dataset<Row> training, int bootstrap) {
        long seed = bootstrapSeed;
        var count = functions.udf((UDF1<Long, Integer>) rowId -> RowDraws.bootstrapCount(rowId, seed, bootstrap),
                DataTypes.IntegerType);
        return training.withColumn("_ens_copies", count.apply(col(LabeledRows.ROW_ID)))
                .filter(col("_ens_copies").gt(0))
                .withColumn("_ens_copy", functions.explode(functions.array_repeat(functions.lit(true), col("_ens_copies"))))
                .drop("_ens_copies", "_ens_copy");
    }
}
