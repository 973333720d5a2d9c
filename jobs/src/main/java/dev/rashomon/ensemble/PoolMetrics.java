package dev.rashomon.ensemble;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * Log-loss, accuracy and AUC of every model of a pool, on the training and the selection split,
 * from the scored rows.
 *
 * <p>Log-loss and accuracy are sums: each partition folds its rows into a {@link State} (in row
 * order), and the driver merges the partitions' states in partition order, so the numbers do not
 * depend on task timing. AUC is the Mann–Whitney statistic with ties counted one half, computed
 * without collecting rows: per (model, score) the positives and negatives, then per model the
 * cumulative count of negatives below each score (a window), all in exact 64-bit integers.
 */
final class PoolMetrics {
    /** One model's numbers; an AUC is NaN when its split holds a single class. */
    record ModelMetrics(double trainingLogLoss, double selectionLogLoss, double trainingAccuracy, double selectionAccuracy,
                        double trainingAuc, double selectionAuc) {
    }

    private PoolMetrics() {
    }

    /** −[y ln s + (1−y) ln(1−s)] with s clipped to [1e-15, 1 − 1e-15], as scikit-learn. */
    static double logLoss(int label, double score) {
        return dev.rashomon.info.LogLoss.binary(score, label);
    }

    /** The decision at 0.5: class 1 when the score is at least one half. */
    static boolean correct(int label, double score) {
        return (score >= 0.5) == (label == 1);
    }

    /** {@code scored}: the output of {@link PoolScorer#score}. */
    static List<ModelMetrics> compute(Dataset<Row> scored, int models) {
        int label = scored.schema().fieldIndex(PoolScorer.LABEL);
        int selection = scored.schema().fieldIndex(LabeledRows.SELECTION);
        int scores = scored.schema().fieldIndex(PoolScorer.SCORES);
        State total = new State(models);
        for (State partition : scored.javaRDD().mapPartitions((Iterator<Row> rows) -> {
            State state = new State(models);
            while (rows.hasNext()) {
                Row row = rows.next();
                state.add(row.getInt(label), row.getBoolean(selection), row.<Double>getList(scores));
            }
            return List.of(state).iterator();
        }).collect()) {
            total.merge(partition);
        }
        double[][] auc = auc(scored, models);
        return java.util.stream.IntStream.range(0, models).mapToObj(m -> new ModelMetrics(total.meanLoss(0, m),
                total.meanLoss(1, m), total.accuracy(0, m), total.accuracy(1, m), auc[0][m], auc[1][m])).toList();
    }

    /**
     * AUC of every model on both splits ([0] training, [1] selection) in one query:
     * Σ_groups pos_g · (neg_below_g + neg_g / 2) / (P · N), kept as twice the numerator so every sum
     * is an exact integer.
     */
    static double[][] auc(Dataset<Row> scored, int models) {
        Dataset<Row> groups = scored
                .select(col(LabeledRows.SELECTION).as("split"), col(PoolScorer.LABEL),
                        functions.posexplode(col(PoolScorer.SCORES)).as(new String[] {"model", "score"}))
                .groupBy("split", "model", "score")
                .agg(sum(when(col(PoolScorer.LABEL).equalTo(1), 1L).otherwise(0L)).as("pos"),
                        sum(when(col(PoolScorer.LABEL).equalTo(0), 1L).otherwise(0L)).as("neg"));
        Dataset<Row> below = groups.withColumn("neg_below", functions.coalesce(sum("neg").over(Window
                .partitionBy("split", "model").orderBy("score").rowsBetween(Window.unboundedPreceding(), -1)), lit(0L)));
        double[][] auc = new double[2][models];
        java.util.Arrays.fill(auc[0], Double.NaN);
        java.util.Arrays.fill(auc[1], Double.NaN);
        for (Row row : below.groupBy("split", "model")
                .agg(sum(col("pos").multiply(col("neg_below").multiply(2).plus(col("neg")))).as("twice_u"),
                        sum("pos").as("p"), sum("neg").as("n"))
                .collectAsList()) {
            long p = row.getLong(3);
            long n = row.getLong(4);
            if (p > 0 && n > 0) {
                auc[row.getBoolean(0) ? 1 : 0][row.getInt(1)] = row.getLong(2) / (2.0 * p * n);
            }
        }
        return auc;
    }

    /**
     * Sums per (split, model): log-loss (exact, so the order rows arrive in does not matter) and
     * correct decisions, plus the rows of each split. Split 0 is training, 1 selection.
     */
    static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long[] rows = new long[2];
        private final dev.rashomon.info.ExactSum[][] loss;
        private final long[][] correct;

        State(int models) {
            loss = new dev.rashomon.info.ExactSum[2][models];
            for (dev.rashomon.info.ExactSum[] split : loss) {
                for (int m = 0; m < models; m++) {
                    split[m] = new dev.rashomon.info.ExactSum();
                }
            }
            correct = new long[2][models];
        }

        void add(int label, boolean selection, List<Double> scores) {
            int split = selection ? 1 : 0;
            rows[split]++;
            for (int m = 0; m < scores.size(); m++) {
                double score = scores.get(m);
                loss[split][m].add(logLoss(label, score));
                if (correct(label, score)) {
                    correct[split][m]++;
                }
            }
        }

        void merge(State other) {
            for (int split = 0; split < 2; split++) {
                rows[split] += other.rows[split];
                for (int m = 0; m < loss[split].length; m++) {
                    loss[split][m].merge(other.loss[split][m]);
                    correct[split][m] += other.correct[split][m];
                }
            }
        }

        double meanLoss(int split, int model) {
            return loss[split][model].mean(rows[split]);
        }

        double accuracy(int split, int model) {
            return (double) correct[split][model] / rows[split];
        }
    }
}
