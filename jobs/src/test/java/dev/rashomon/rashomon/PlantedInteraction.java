package dev.rashomon.rashomon;

import dev.rashomon.info.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A hand-made reference model with a planted interaction, logit = 0.5·x0 + 0.5·x1 + 2.5·x0·x1, and its rows. */
final class PlantedInteraction {
    private PlantedInteraction() {
    }

    /** The model's logit on raw feature values. */
    static double logit(double x0, double x1) {
        return 0.5 * x0 + 0.5 * x1 + 2.5 * x0 * x1;
    }

    /** 300 rows: id, x0, x1, x2 uniform in [−1, 1), x3 an integer, city a string, y drawn from the model. */
    static Dataset<Row> rows(SparkSession spark) {
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("x0", DataTypes.DoubleType)
                .add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType).add("x3", DataTypes.IntegerType)
                .add("city", DataTypes.StringType).add("y", DataTypes.IntegerType);
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < 300; id++) {
            double x0 = uniform(id, 1);
            double x1 = uniform(id, 2);
            double x2 = uniform(id, 3);
            double p = 1 / (1 + Math.exp(-logit(x0, x1)));
            int y = (uniform(id, 4) + 1) / 2 < p ? 1 : 0;
            rows.add(RowFactory.create(id, x0, x1, x2, (int) (id % 7), id % 2 == 0 ? "a" : "b", y));
        }
        return spark.createDataFrame(rows, schema);
    }

    static double uniform(long id, long stream) {
        return (SplitMix64.mix(id * 31 + stream) >>> 11) * 0x1.0p-53 * 2 - 1;
    }

    /** Raw rows → x0·x1 → [x0, x1, x0·x1] → logistic regression with the planted coefficients. */
    static PipelineModel model(SparkSession spark) {
        SQLTransformer product = new SQLTransformer().setStatement("SELECT *, x0 * x1 AS x0x1 FROM __THIS__");
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x0x1"}).setOutputCol("features");
        LogisticRegressionModel logistic = new LogisticRegressionModel("planted", Vectors.dense(0.5, 0.5, 2.5), 0.0);
        return new Pipeline().setStages(new PipelineStage[] {product, assembler, logistic}).fit(rows(spark));
    }
}
