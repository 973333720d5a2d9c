package dev.rashomon.bench.multiplicity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Deterministic predictions of a pool of close binary models. Row i has a true logit z ~ N(0, 1.5²) and a
 * label ~ Bernoulli(σ(z)); model m scores σ(z + s_m·e) with e ~ N(0, 1) drawn per (row, model) and
 * s_m = 0.2 + 0.4·m/(M − 1). The extra noise costs roughly 0.1·s_m² of log-loss, so the models' losses
 * spread over about 0.03 and the sets at ε = 0.005 … 0.05 hold from a few models to the whole pool.
 * Every row draws from its own seeded generator, so any partitioning gives the same data.
 */
final class PredictionGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PredictionGenerator() {
    }

    /** The files of one generated data set under {@code <out>/data/multiplicity-<rows>x<models>-s<seed>}. */
    record GeneratedFiles(Path folder, Path wide, Path longLayout, Path losses) {
    }

    static GeneratedFiles files(BenchOptions options) {
        Path folder = options.out().resolve("data").resolve("multiplicity-" + options.rows() + "x" + options.models() + "-s" + options.seed());
        return new GeneratedFiles(folder, folder.resolve("wide"), folder.resolve("long"), folder.resolve("losses"));
    }

    /** Row {@code i}'s label and scores into {@code scores}; returns the label. */
    static int row(long seed, long i, double[] scores) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        double z = 1.5 * random.nextGaussian();
        int label = random.nextDouble() < sigmoid(z) ? 1 : 0;
        int models = scores.length;
        for (int m = 0; m < models; m++) {
            scores[m] = sigmoid(z + (0.2 + 0.4 * m / (models - 1)) * random.nextGaussian());
        }
        return label;
    }

    static String modelId(int m) {
        return String.format("m%03d", m);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Writes wide, long and losses unless {@code _bench.json} says they exist for these parameters. */
    static GeneratedFiles ensure(SparkSession spark, BenchOptions options) {
        GeneratedFiles files = files(options);
        Path marker = files.folder().resolve("_bench.json");
        ObjectNode parameters = JSON.createObjectNode().put("rows", options.rows()).put("models", options.models())
                .put("seed", options.seed()).put("generator", "PredictionGenerator v1");
        try {
            // Compared as text: read back, 1000000 is an int node and would not equal the long one.
            if (Files.exists(marker) && JSON.readTree(marker.toFile()).toString().equals(parameters.toString())) {
                System.out.println("data: reusing " + files.folder());
                return files;
            }
            deleteRecursively(files.folder());
            long start = System.nanoTime();
            long seed = options.seed();
            int models = options.models();
            StructType wideSchema = new StructType().add("row_id", DataTypes.LongType, false).add("label", DataTypes.IntegerType, false)
                    .add("scores", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
            Dataset<Row> wide = spark.range(0, options.rows(), 1, 8).map((MapFunction<Long, Row>) i -> {
                double[] scores = new double[models];
                int label = row(seed, i, scores);
                return RowFactory.create(i, label, scores);
            }, Encoders.row(wideSchema));
            wide.write().mode(SaveMode.ErrorIfExists).parquet(files.wide().toString());
            spark.read().parquet(files.wide().toString())
                    .selectExpr("row_id", "format_string('m%03d', pos) AS model_id", "score", "label",
                            "posexplode(scores) AS (pos, score)")
                    .select("row_id", "model_id", "score", "label")
                    .write().mode(SaveMode.ErrorIfExists).parquet(files.longLayout().toString());
            writeLosses(spark, options, files.losses());
            Files.writeString(marker, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(parameters));
            System.out.printf("data: generated %s in %.1f s%n", files.folder(), (System.nanoTime() - start) / 1e9);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** model_id, score_index, loss: the log-loss of each model, p clipped to [1e-15, 1 − 1e-15] as the job does. */
    private static void writeLosses(SparkSession spark, BenchOptions options, Path path) {
        double[] sums = new double[options.models()];
        double[] scores = new double[options.models()];
        for (long i = 0; i < options.rows(); i++) {
            int label = row(options.seed(), i, scores);
            for (int m = 0; m < scores.length; m++) {
                double p = Math.min(Math.max(label == 1 ? scores[m] : 1 - scores[m], 1e-15), 1 - 1e-15);
                sums[m] -= Math.log(p);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < sums.length; m++) {
            rows.add(RowFactory.create(modelId(m), m, sums[m] / options.rows()));
        }
        StructType schema = new StructType().add("model_id", DataTypes.StringType).add("score_index", DataTypes.IntegerType)
                .add("loss", DataTypes.DoubleType);
        spark.createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(path.toString());
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Bytes of the Parquet data files under {@code folder}. */
    static long size(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(p -> p.getFileName().toString().endsWith(".parquet")).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
