package dev.rashomon.ensemble;

import dev.rashomon.ensemble.PoolTrainer.TrainedModel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores every row with every model of the pool in one pass: the fitted classifiers are broadcast
 * once and each task calls {@code predictProbability} of each model on the row's feature vector.
 * The score of a model is its probability of class 1.
 */
final class PoolScorer {
    static final String ROW_ID = "row_id";
    static final String LABEL = "label";
    static final String SCORES = "scores";

    private PoolScorer() {
    }

    /**
     * {@code featurized}: row id, label, split, kept columns and the feature vectors. Returns
     * {@code row_id, label (int), _ens_selection, keep…, scores (array, pool order)}, in the
     * partitions and order of the input.
     */
    static Dataset<Row> score(Dataset<Row> featurized, List<TrainedModel> pool, List<String> keep) {
        StructType in = featurized.schema();
        @SuppressWarnings("unchecked")
        ProbabilisticClassificationModel<Vector, ?>[] models = pool.stream().map(TrainedModel::model)
                .toArray(ProbabilisticClassificationModel[]::new);
        int[] vectorIndex = pool.stream().mapToInt(m -> in.fieldIndex(m.featuresColumn())).toArray();
        int[] keepIndex = keep.stream().mapToInt(in::fieldIndex).toArray();
        StructType out = new StructType().add(ROW_ID, DataTypes.LongType, false).add(LABEL, DataTypes.IntegerType, false)
                .add(LabeledRows.SELECTION, DataTypes.BooleanType, false);
        for (int index : keepIndex) {
            out = out.add(in.fields()[index]);
        }
        out = out.add(SCORES, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(featurized.sparkSession().sparkContext());
        Broadcast<ProbabilisticClassificationModel<Vector, ?>[]> broadcast = context.broadcast(models);
        return featurized.mapPartitions(new ScoreRows(broadcast, vectorIndex, in.fieldIndex(LabeledRows.ROW_ID),
                in.fieldIndex(LabeledRows.LABEL), in.fieldIndex(LabeledRows.SELECTION), keepIndex), Encoders.row(out));
    }

    private record ScoreRows(Broadcast<ProbabilisticClassificationModel<Vector, ?>[]> models, int[] vectorIndex, int rowId,
                             int label, int selection, int[] keepIndex) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            ProbabilisticClassificationModel<Vector, ?>[] pool = models.value();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row row = rows.next();
                    double[] scores = new double[pool.length];
                    for (int m = 0; m < pool.length; m++) {
                        scores[m] = pool[m].predictProbability(row.<Vector>getAs(vectorIndex[m])).apply(1);
                    }
                    List<Object> values = new ArrayList<>(keepIndex.length + 4);
                    values.add(row.getLong(rowId));
                    values.add((int) row.getDouble(label));
                    values.add(row.getBoolean(selection));
                    for (int index : keepIndex) {
                        values.add(row.get(index));
                    }
                    values.add(scores);
                    return RowFactory.create(values.toArray());
                }
            };
        }
    }
}
