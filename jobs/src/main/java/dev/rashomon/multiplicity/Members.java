package dev.rashomon.multiplicity;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The {@code members} table: every pool model with its loss, its rank in the loss order, the ε at
 * which it joins the set, whether it is the reference, and over all rows how often it decides
 * differently from the reference and from the label.
 */
final class Members {
    private Members() {
    }

    static Dataset<Row> table(SparkSession spark, Pool pool, GroupState all) {
        List<Row> rows = new ArrayList<>();
        int[] members = pool.members();
        for (int model = 0; model < pool.size(); model++) {
            int rank = -1;
            for (int r = 0; r < members.length; r++) {
                if (members[r] == model) {
                    rank = r;
                }
            }
            rows.add(RowFactory.create(pool.modelId(model), pool.loss(model), rank < 0 ? null : rank + 1,
                    rank < 0 ? null : pool.epsilonOfRank(rank), model == pool.reference(),
                    (double) all.flips[model] / all.rows, (double) all.errors[model] / all.rows));
        }
        return spark.createDataFrame(rows, DataTypes.createStructType(List.of(
                DataTypes.createStructField("model_id", DataTypes.StringType, false),
                DataTypes.createStructField("loss", DataTypes.DoubleType, false),
                DataTypes.createStructField("loss_rank", DataTypes.IntegerType, true),
                DataTypes.createStructField("joins_at_epsilon", DataTypes.DoubleType, true),
                DataTypes.createStructField("is_reference", DataTypes.BooleanType, false),
                DataTypes.createStructField("flip_rate", DataTypes.DoubleType, false),
                DataTypes.createStructField("error_rate", DataTypes.DoubleType, false))));
    }
}
