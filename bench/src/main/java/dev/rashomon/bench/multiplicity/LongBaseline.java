package dev.rashomon.bench.multiplicity;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What a competent Spark user writes on long predictions: rank the models by loss (a small broadcast table),
 * then one groupBy(row_id) whose conditional aggregates give every ε's min/max score and min/max decision at
 * once, and a second query for the per-model flip rates against h0 (h0's score per row from a window over
 * row_id, then groupBy(model_id)). Discrepancy at ε is the largest flip rate among the set's members.
 */
final class LongBaseline {
    private LongBaseline() {
    }

    static List<Measures> run(SparkSession spark, Path longPredictions, Path lossesPath, List<Double> epsilons, double threshold) {
        List<Row> lossRows = spark.read().parquet(lossesPath.toString()).select("model_id", "loss").collectAsList();
        List<String> ids = lossRows.stream().map(r -> r.getString(0)).toList();
        double[] losses = lossRows.stream().mapToDouble(r -> r.getDouble(1)).toArray();
        RashomonSets sets = RashomonSets.of(ids, losses, epsilons);
        List<Row> rankRows = new ArrayList<>();
        for (int rank = 0; rank < ids.size(); rank++) {
            rankRows.add(RowFactory.create(ids.get(sets.scoreIndexByRank()[rank]), rank + 1));
        }
        Dataset<Row> ranks = spark.createDataFrame(rankRows, new StructType().add("model_id", DataTypes.StringType).add("rank", DataTypes.IntegerType));
        Dataset<Row> scored = spark.read().parquet(longPredictions.toString())
                .join(broadcast(ranks), "model_id")
                .withColumn("d", col("score").geq(threshold).cast(DataTypes.IntegerType));

        List<Column> perRow = new ArrayList<>();
        perRow.add(max(when(col("rank").equalTo(1), col("score"))).as("s0"));
        for (int e = 0; e < epsilons.size(); e++) {
            Column member = col("rank").leq(sets.setSizes()[e]);
            perRow.add(min(when(member, col("score"))).as("lo" + e));
            perRow.add(max(when(member, col("score"))).as("hi" + e));
            perRow.add(min(when(member, col("d"))).as("dlo" + e));
            perRow.add(max(when(member, col("d"))).as("dhi" + e));
        }
        Dataset<Row> rows = scored.groupBy("row_id").agg(first("label").as("label"), perRow.toArray(Column[]::new));

        List<Column> overRows = new ArrayList<>();
        for (int e = 0; e < epsilons.size(); e++) {
            Column lo = col("lo" + e);
            Column hi = col("hi" + e);
            Column dlo = col("dlo" + e);
            Column dhi = col("dhi" + e);
            overRows.add(avg(dlo.notEqual(dhi).cast(DataTypes.DoubleType)).as("ambiguity" + e));
            overRows.add(avg(dlo.notEqual(col("label")).or(dhi.notEqual(col("label"))).cast(DataTypes.DoubleType)).as("ambiguity_vs_label" + e));
            overRows.add(avg(lo.lt(threshold).and(hi.geq(threshold)).cast(DataTypes.DoubleType)).as("vpr_crossing_rate" + e));
            overRows.add(avg(hi.minus(lo)).as("vpr_width_mean" + e));
            overRows.add(avg(greatest(hi.minus(col("s0")), col("s0").minus(lo))).as("max_score_deviation_mean" + e));
        }
        Row summary = rows.agg(overRows.get(0), overRows.subList(1, overRows.size()).toArray(Column[]::new)).first();

        Dataset<Row> flips = scored
                .withColumn("d0", max(when(col("rank").equalTo(1), col("d"))).over(Window.partitionBy("row_id")))
                .groupBy("rank").agg(avg(col("d").notEqual(col("d0")).cast(DataTypes.DoubleType)).as("flip_rate"));
        Map<Integer, Double> flipRate = new HashMap<>();
        for (Row r : flips.collectAsList()) {
            flipRate.put(r.getInt(0), r.getDouble(1));
        }

        List<Measures> result = new ArrayList<>();
        for (int e = 0; e < epsilons.size(); e++) {
            int size = sets.setSizes()[e];
            double discrepancy = 0;
            for (int rank = 1; rank <= size; rank++) {
                discrepancy = Math.max(discrepancy, flipRate.get(rank));
            }
            result.add(new Measures(epsilons.get(e), size, summary.getDouble(summary.fieldIndex("ambiguity" + e)),
                    summary.getDouble(summary.fieldIndex("ambiguity_vs_label" + e)),
                    summary.getDouble(summary.fieldIndex("vpr_crossing_rate" + e)),
                    summary.getDouble(summary.fieldIndex("vpr_width_mean" + e)),
                    summary.getDouble(summary.fieldIndex("max_score_deviation_mean" + e)), discrepancy));
        }
        return result;
    }
}
