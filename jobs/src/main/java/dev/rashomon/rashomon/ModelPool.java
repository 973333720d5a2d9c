package dev.rashomon.rashomon;

import dev.rashomon.run.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The saved models of models mode: an ensemble run's {@code pipelines/} (with its {@code models}
 * table for losses and bootstrap groups), or any folder of MLlib PipelineModels, one per
 * sub-folder named by its model_id. Models are in model_id order.
 */
final class ModelPool {
    static final String ENSEMBLE_PIPELINES = "pipelines";
    static final String ENSEMBLE_MODELS = "models";
    private static final int LOADERS = 8;

    /**
     * @param stages each pipeline's stage digests ({@link StageFingerprints}), for sharing equal stages
     * @param losses the ensemble's selection losses, or null for a plain folder
     * @param groups the ensemble's bootstrap ids, or null when it has none
     */
    record Loaded(List<String> ids, List<PipelineModel> pipelines, List<List<String>> stages, Map<String, Double> losses,
                  Map<String, String> groups, String lossSource) {
    }

    private ModelPool() {
    }

    static Loaded load(SparkSession spark, RashomonConfig.Models config) {
        Path root = new Path(config.path());
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                throw new UserError("models.path " + root + " does not exist");
            }
            Path ensemblePipelines = partition(new Path(root, ENSEMBLE_PIPELINES), config);
            Path table = partition(new Path(root, ENSEMBLE_MODELS), config);
            boolean ensemble = fs.exists(ensemblePipelines) && fs.exists(table);
            if (!ensemble && !config.partition().isEmpty()) {
                throw new UserError("models.partition is " + config.partitionPath() + ", but models.path " + root
                        + " is not an ensemble run with that partition (looked for " + ensemblePipelines + " and "
                        + table + ")");
            }
            Path runFolder = config.partition().isEmpty() ? root : new Path(root, config.partitionPath());
            if (ensemble && !fs.exists(new Path(runFolder, "_SUCCESS"))) {
                throw new UserError("models.path " + root + " is an ensemble run, but " + runFolder + " has no _SUCCESS: "
                        + "that run did not finish (or is still writing); rerun the ensemble job first");
            }
            Path folder = ensemble ? ensemblePipelines : root;
            List<String> ids = modelFolders(fs, folder);
            if (!config.include().isEmpty()) {
                for (String id : config.include()) {
                    if (!ids.contains(id)) {
                        throw new UserError("models.include names '" + id + "', which is not a model in " + folder
                                + " (models: " + preview(ids) + ")");
                    }
                }
                ids = config.include().stream().sorted().toList();
            }
            List<PipelineModel> pipelines = new ArrayList<>();
            List<List<String>> stages = new ArrayList<>();
            // Each load runs a few small Spark jobs; several at once keep the cores busy.
            ExecutorService loaders = Executors.newFixedThreadPool(Math.min(LOADERS, ids.size()));
            try {
                List<Future<PipelineModel>> loading = new ArrayList<>();
                for (String id : ids) {
                    loading.add(loaders.submit(() -> loadPipeline(new Path(folder, id))));
                }
                for (int m = 0; m < ids.size(); m++) {
                    pipelines.add(result(loading.get(m)));
                    stages.add(StageFingerprints.of(fs, new Path(folder, ids.get(m))));
                }
            } finally {
                loaders.shutdownNow();
            }
            if (!ensemble) {
                return new Loaded(ids, pipelines, stages, null, null, null);
            }
            Dataset<Row> models = spark.read().format(tableFormat(fs, table)).option("header", "true").load(table.toString());
            String where = "the ensemble's models table " + table;
            Map<String, Double> losses = ModelTables.losses(models, where);
            Map<String, String> groups = null;
            if (List.of(models.columns()).contains("bootstrap_id") && models.where("bootstrap_id IS NULL").isEmpty()) {
                groups = ModelTables.groups(models, where, "bootstrap_id");
            }
            return new Loaded(ids, pipelines, stages, losses, groups, where);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the models in " + root, e);
        }
    }

    /** A table folder, or its partition's folder when models.partition names one. */
    private static Path partition(Path table, RashomonConfig.Models config) {
        return config.partition().isEmpty() ? table : new Path(table, config.partitionPath());
    }

    /** Sub-folders holding a saved MLlib model (a metadata/ folder), sorted by name. */
    private static List<String> modelFolders(FileSystem fs, Path folder) throws IOException {
        List<String> ids = new ArrayList<>();
        FileStatus[] entries = fs.listStatus(folder);
        Arrays.sort(entries, Comparator.comparing(s -> s.getPath().getName()));
        for (FileStatus entry : entries) {
            String name = entry.getPath().getName();
            if (entry.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
                if (!fs.exists(new Path(entry.getPath(), "metadata"))) {
                    throw new UserError("models.path: " + entry.getPath() + " is not a saved MLlib model (it has no "
                            + "metadata/ folder); every sub-folder must hold one PipelineModel");
                }
                ids.add(name);
            }
        }
        if (ids.isEmpty()) {
            throw new UserError("models.path: " + folder + " holds no saved models (one PipelineModel per sub-folder, "
                    + "named by its model_id)");
        }
        return ids;
    }

    private static <T> T result(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the models", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static PipelineModel loadPipeline(Path path) {
        try {
            return PipelineModel.load(path.toString());
        } catch (RuntimeException e) {
            throw new UserError("models.path: " + path + " could not be loaded as an MLlib PipelineModel: "
                    + e.getMessage());
        }
    }

    /** The format of a table folder written by a job of the suite, from its files' names. */
    private static String tableFormat(FileSystem fs, Path table) throws IOException {
        for (FileStatus file : fs.listStatus(table)) {
            String name = file.getPath().getName();
            for (String format : List.of("parquet", "csv", "json")) {
                if (name.startsWith("part-") && name.contains("." + format)) {
                    return format;
                }
            }
        }
        return "parquet";
    }

    private static String preview(List<String> ids) {
        return String.join(", ", ids.subList(0, Math.min(ids.size(), 20))) + (ids.size() > 20 ? ", …" : "");
    }
}
