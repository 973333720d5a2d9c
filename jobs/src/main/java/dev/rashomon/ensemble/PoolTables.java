package dev.rashomon.ensemble;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rashomon.ensemble.EnsembleConfig.Output.Layout;
import dev.rashomon.ensemble.PoolMetrics.ModelMetrics;
import dev.rashomon.ensemble.PoolTrainer.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The tables and folders an ensemble run writes: the models table, the predictions, the saved pipelines. */
final class PoolTables {
    static final String MODELS = "models";
    static final String PREDICTIONS = "predictions";
    static final String PIPELINES = "pipelines";

    /** The models table's columns, in order. */
    static final StructType MODELS_SCHEMA = new StructType()
            .add("model_id", DataTypes.StringType, false)
            .add("score_index", DataTypes.IntegerType, false)
            .add("family", DataTypes.StringType, false)
            .add("params", DataTypes.StringType, false)
            .add("seed", DataTypes.LongType, true)
            .add("bootstrap_id", DataTypes.IntegerType, true)
            .add("training_log_loss", DataTypes.DoubleType, false)
            .add("selection_log_loss", DataTypes.DoubleType, false)
            .add("training_accuracy", DataTypes.DoubleType, false)
            .add("selection_accuracy", DataTypes.DoubleType, false)
            .add("training_auc", DataTypes.DoubleType, true)
            .add("selection_auc", DataTypes.DoubleType, true)
            .add("loss", DataTypes.DoubleType, false);

    private static final ObjectMapper JSON = new ObjectMapper();

    private PoolTables() {
    }

    /** One row per model, in score_index order; {@code loss} repeats selection_log_loss for the multiplicity job. */
    static Dataset<Row> models(SparkSession spark, List<TrainedModel> pool, List<ModelMetrics> metrics, int treeMaxBins) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            ModelSpec spec = pool.get(i).spec();
            ModelMetrics m = metrics.get(i);
            String params;
            try {
                params = JSON.writeValueAsString(spec.parameters().describe(treeMaxBins));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            rows.add(RowFactory.create(spec.id(), i, spec.family().configName, params, spec.seed(), spec.bootstrapId(),
                    m.trainingLogLoss(), m.selectionLogLoss(), m.trainingAccuracy(), m.selectionAccuracy(),
                    Double.isNaN(m.trainingAuc()) ? null : m.trainingAuc(),
                    Double.isNaN(m.selectionAuc()) ? null : m.selectionAuc(), m.selectionLogLoss()));
        }
        return spark.createDataFrame(rows, MODELS_SCHEMA);
    }

    /**
     * The selection rows' scores: wide ({@code row_id, label, keep…, scores}) or long
     * ({@code row_id, model_id, score, label, keep…}).
     */
    static Dataset<Row> predictions(Dataset<Row> scored, List<TrainedModel> pool, List<String> keep, Layout layout) {
        Dataset<Row> selection = scored.filter(col(LabeledRows.SELECTION));
        List<Column> kept = keep.stream().map(name -> col(ColumnSql.quote(name))).toList();
        List<Column> columns = new ArrayList<>();
        columns.add(col(PoolScorer.ROW_ID));
        if (layout == Layout.WIDE) {
            columns.add(col(PoolScorer.LABEL));
            columns.addAll(kept);
            columns.add(col(PoolScorer.SCORES)); // RunOutput writes it as [0.2, 0.7] in CSV
            return selection.select(columns.toArray(Column[]::new));
        }
        Column ids = functions.array(pool.stream().map(m -> functions.lit(m.spec().id())).toArray(Column[]::new));
        List<Column> exploded = new ArrayList<>(List.of(col(PoolScorer.ROW_ID), col(PoolScorer.LABEL)));
        exploded.addAll(kept);
        exploded.add(functions.posexplode(col(PoolScorer.SCORES)).as(new String[] {"_ens_index", "score"}));
        columns.add(functions.element_at(ids, col("_ens_index").plus(1)).as("model_id"));
        columns.add(col("score"));
        columns.add(col(PoolScorer.LABEL));
        columns.addAll(kept);
        return selection.select(exploded.toArray(Column[]::new)).select(columns.toArray(Column[]::new));
    }

    /**
     * Saves each model as an MLlib PipelineModel below {@code folder}: the fitted feature stages
     * its family uses, then the classifier. {@code PipelineModel.load(folder/model_id)} scores raw rows.
     */
    static void savePipelines(Path folder, List<TrainedModel> pool, FeaturePipeline.Fitted features, Dataset<Row> rawSchema) {
        for (TrainedModel trained : pool) {
            List<Transformer> stages = new ArrayList<>(features.stagesFor(trained.spec().family()));
            stages.add(trained.model());
            PipelineModel pipeline = new Pipeline("pipeline_" + trained.spec().id())
                    .setStages(stages.toArray(PipelineStage[]::new)).fit(rawSchema);
            try {
                pipeline.write().save(new Path(folder, trained.spec().id()).toString());
            } catch (IOException e) {
                throw new UncheckedIOException("could not save the pipeline of " + trained.spec().id(), e);
            }
        }
    }
}
