package dev.rashomon.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.ensemble.ModelSpec.LogisticRegressionParams;
import dev.rashomon.ensemble.PoolTrainer.TrainedModel;
import dev.rashomon.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Scoring is one pass whatever the pool size: the Spark jobs that score and measure a pool of
 * one model and of eight are the same in number.
 */
class PoolScorerTest extends SparkTestBase {
    private static Dataset<Row> featurized() {
        StructType schema = new StructType().add(LabeledRows.ROW_ID, DataTypes.LongType, false)
                .add(LabeledRows.LABEL, DataTypes.DoubleType, false).add(LabeledRows.SELECTION, DataTypes.BooleanType, false)
                .add("group", DataTypes.StringType).add(FeaturePipeline.LINEAR, new VectorUDT(), false);
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < 400; i++) {
            double x = (i % 17) / 17.0;
            double label = (i * 7919 % 100) / 100.0 < 0.2 + 0.6 * x ? 1 : 0;
            rows.add(RowFactory.create(i, label, RowDraws.inSelection(i, 42, 0.3), i % 2 == 0 ? "a" : "b",
                    Vectors.dense(x, (i % 5) / 5.0)));
        }
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    private static int jobsDuring(Runnable action) {
        AtomicInteger jobs = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart jobStart) {
                jobs.incrementAndGet();
            }
        };
        spark.sparkContext().addSparkListener(listener);
        try {
            action.run();
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        return jobs.get();
    }

    @Test
    void scoringAndMetricsCostTheSameJobsForOneModelAndForEight() {
        Dataset<Row> featurized = featurized().persist();
        featurized.count();
        @SuppressWarnings("unchecked")
        ProbabilisticClassificationModel<Vector, ?> model = (ProbabilisticClassificationModel<Vector, ?>) new LogisticRegression()
                .setLabelCol(LabeledRows.LABEL).setFeaturesCol(FeaturePipeline.LINEAR).setMaxIter(10).fit(featurized);
        TrainedModel trained = new TrainedModel(ModelSpec.of(Family.LOGISTIC_REGRESSION,
                new LogisticRegressionParams(0, 0, 10), null, null), model, 0);
        List<List<PoolMetrics.ModelMetrics>> results = new ArrayList<>();
        int[] jobs = new int[2];
        int[] sizes = {1, 8};
        for (int i = 0; i < sizes.length; i++) {
            List<TrainedModel> pool = Collections.nCopies(sizes[i], trained);
            jobs[i] = jobsDuring(() -> {
                Dataset<Row> scored = PoolScorer.score(featurized, pool, List.of("group")).persist();
                scored.count();
                results.add(PoolMetrics.compute(scored, pool.size()));
                scored.unpersist();
            });
        }
        assertThat(jobs[1]).as("jobs for 8 models").isEqualTo(jobs[0]);
        // Count the scored rows, fold the sums, and the AUC query (adaptive execution runs each shuffle stage as a job).
        assertThat(jobs[0]).isLessThanOrEqualTo(8);
        for (PoolMetrics.ModelMetrics copy : results.get(1)) {
            PoolMetrics.ModelMetrics one = results.get(0).get(0);
            assertThat(copy.selectionLogLoss()).isCloseTo(one.selectionLogLoss(), within(1e-15));
            assertThat(copy.selectionAuc()).isEqualTo(one.selectionAuc());
        }
        featurized.unpersist();
    }
}
