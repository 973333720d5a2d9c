package dev.rashomon.rashomon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Hand-built logistic models over four raw columns — x0, x1, x3 numbers, x2 a category a/b/c —
 * saved as MLlib PipelineModels that read the raw (text) rows:
 * <pre>
 * P(y = 1) = σ(b + w0·x0 + w1·x1 + w01·x0·x1 + w2·[x2 = b] + w3·x3)
 * </pre>
 * Their losses can be computed independently of Spark with {@link #probability}.
 */
final class HandModels {
    /** The weights of one model: intercept, x0, x1, x0·x1, [x2 = b], x3. */
    record Weights(double b, double w0, double w1, double w01, double w2, double w3) {
    }

    private HandModels() {
    }

    static double probability(Weights w, double x0, double x1, String x2, double x3) {
        double z = w.b() + w.w0() * x0 + w.w1() * x1 + w.w01() * (x0 * x1) + w.w2() * ("b".equals(x2) ? 1 : 0)
                + w.w3() * x3;
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * Saves the model as {@code folder/id}. Models saved with {@code sharedStages} have byte-equal
     * feature stages (as an ensemble's do), which the scoring applies once for all of them.
     */
    static void save(SparkSession spark, Path folder, String id, Weights w, Dataset<Row> schema, boolean sharedStages) {
        String stageId = sharedStages ? "shared" : id;
        SQLTransformer parse = new SQLTransformer("parse_" + stageId).setStatement("SELECT *, CAST(x0 AS DOUBLE) AS d0, "
                + "CAST(x1 AS DOUBLE) AS d1, CAST(x0 AS DOUBLE) * CAST(x1 AS DOUBLE) AS d01, "
                + "CASE WHEN x2 = 'b' THEN 1.0 ELSE 0.0 END AS d2, CAST(x3 AS DOUBLE) AS d3 FROM __THIS__");
        VectorAssembler assemble = new VectorAssembler("assemble_" + stageId)
                .setInputCols(new String[] {"d0", "d1", "d01", "d2", "d3"}).setOutputCol("features");
        LogisticRegressionModel model = new LogisticRegressionModel("lr_" + id,
                Vectors.dense(w.w0(), w.w1(), w.w01(), w.w2(), w.w3()), w.b());
        PipelineModel pipeline = new Pipeline("pipeline_" + id)
                .setStages(new PipelineStage[] {parse, assemble, model}).fit(schema);
        try {
            pipeline.write().save(folder.resolve(id).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void save(SparkSession spark, Path folder, String id, Weights w, Dataset<Row> schema) {
        save(spark, folder, id, w, schema, false);
    }

    /** n rows drawn from a model with an x0·x1 interaction; x3 is noise. */
    static String rows(int n, long seed) {
        Random random = new Random(seed);
        Weights truth = new Weights(0.2, 1.0, -0.5, 2.5, 0.8, 0.0);
        StringBuilder csv = new StringBuilder("x0,x1,x2,x3,label\n");
        String[] categories = {"a", "b", "c"};
        for (int i = 0; i < n; i++) {
            double x0 = Math.round((random.nextDouble() * 2 - 1) * 1000) / 1000.0;
            double x1 = Math.round((random.nextDouble() * 2 - 1) * 1000) / 1000.0;
            String x2 = categories[random.nextInt(3)];
            double x3 = Math.round(random.nextGaussian() * 1000) / 1000.0;
            int label = random.nextDouble() < probability(truth, x0, x1, x2, x3) ? 1 : 0;
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d%n", x0, x1, x2, x3, label));
        }
        return csv.toString();
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
