package dev.rashomon.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Scale data for the rashomon job's models mode (model reliance):
 * <ul>
 *   <li>{@code <out>/data-<rows>.parquet}: {@code rows} rows of 20 double features and a 0/1 label.
 *       f00..f04 take 2, 3, 5, 8 and 10 distinct values (marginal perturbation at the default
 *       marginal_max_values 32); f05..f19 are continuous (keyed pairing). The label is drawn from a
 *       logistic model over all 20 features.</li>
 *   <li>{@code <out>/models/m00..}: {@code models} saved PipelineModels, each
 *       VectorAssembler(f00..f19) + LogisticRegressionModel with the true coefficients plus noise.</li>
 * </ul>
 * Usage: {@code RelianceScaleData <out> <rows> <models> [seed]}; {@code rows} or {@code models} 0
 * skips that part. An existing data file or model of the same name is replaced. The models depend
 * only on the seed (not on the rows), so data of several sizes can share one models folder.
 */
public final class RelianceScaleData {
    static final int FEATURES = 20;
    static final int[] DISCRETE_VALUES = {2, 3, 5, 8, 10};

    private RelianceScaleData() {
    }

    /** An empty frame with the 20 double features, for Pipeline.fit (which only checks the schema). */
    private static Dataset<Row> features(SparkSession spark, String[] names) {
        Column[] columns = new Column[names.length];
        for (int j = 0; j < names.length; j++) {
            columns[j] = lit(0.0).as(names[j]);
        }
        return spark.range(0).select(columns);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: RelianceScaleData <out> <rows> <models> [seed]");
            System.exit(2);
        }
        String out = args[0];
        long rows = Long.parseLong(args[1]);
        int models = Integer.parseInt(args[2]);
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 7;
        SparkSession spark = SparkSession.builder().appName("rashomon-scale-data").master("local[2]")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8").getOrCreate();
        try {
            Random random = new Random(seed);
            double[] truth = new double[FEATURES];
            for (int j = 0; j < FEATURES; j++) {
                truth[j] = (random.nextDouble() * 2 - 1) * (j < DISCRETE_VALUES.length ? 0.4 : 0.6);
            }
            double intercept = -0.1;
            String[] names = new String[FEATURES];
            List<Column> columns = new ArrayList<>();
            Column z = lit(intercept);
            for (int j = 0; j < FEATURES; j++) {
                names[j] = String.format(Locale.ROOT, "f%02d", j);
                Column c = j < DISCRETE_VALUES.length
                        ? floor(rand(seed * 1000 + j).multiply(DISCRETE_VALUES[j])).cast("double")
                        : randn(seed * 1000 + j);
                columns.add(c.as(names[j]));
                z = z.plus(col(names[j]).multiply(truth[j]));
            }
            String dataPath = out + "/data-" + rows + ".parquet";
            long start = System.nanoTime();
            if (rows > 0) {
                Dataset<Row> features = spark.range(0, rows, 1, 8).select(columns.toArray(Column[]::new));
                Dataset<Row> data = features.withColumn("label",
                        when(rand(seed * 1000 + 999).lt(lit(1.0).divide(lit(1.0).plus(exp(z.multiply(-1))))), 1.0)
                                .otherwise(0.0));
                data.write().mode(SaveMode.Overwrite).parquet(dataPath);
                System.out.printf(Locale.ROOT, "wrote %d rows to %s in %.1f s%n", rows, dataPath,
                        (System.nanoTime() - start) / 1e9);
            }
            if (models == 0) {
                return;
            }

            start = System.nanoTime();
            Dataset<Row> schema = features(spark, names);
            for (int m = 0; m < models; m++) {
                String id = String.format(Locale.ROOT, "m%02d", m);
                double[] w = new double[FEATURES];
                for (int j = 0; j < FEATURES; j++) {
                    w[j] = truth[j] + random.nextGaussian() * 0.1;
                }
                double b = intercept + random.nextGaussian() * 0.1;
                // One uid for every model's assembler: byte-equal stages, shared as an ensemble's feature stages are.
                VectorAssembler assemble = new VectorAssembler("assemble").setInputCols(names)
                        .setOutputCol("features");
                LogisticRegressionModel model = new LogisticRegressionModel("lr_" + id, Vectors.dense(w), b);
                PipelineModel pipeline = new Pipeline("pipeline_" + id)
                        .setStages(new PipelineStage[] {assemble, model}).fit(schema);
                try {
                    pipeline.write().overwrite().save(out + "/models/" + id);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            System.out.printf(Locale.ROOT, "wrote %d models to %s/models in %.1f s%n", models, out,
                    (System.nanoTime() - start) / 1e9);
        } finally {
            spark.stop();
        }
    }
}
