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
    /** Scores are clipped to [EPS, 1 − EPS] before the logarithm. */
    static final double EPS = 1e-15;

    /** One model's numbers; AUC is NaN when the selection split holds a single class. */
    record ModelMetrics(double trainingLogLoss, double selectionLogLoss, double trainingAccuracy, double selectionAccuracy,
                        double selectionAuc) {
    }

    private PoolMetrics() {
    }

    /** −[y ln s + (1−y) ln(1−s)] with s clipped to [1e-15, 1 − 1e-15]. */
    static double logLoss(int label, double score) {
        double s = Math.min(Math.max(score, EPS), 1 - EPS);
        return label == 1 ? -Math.log(s) : -Math.log1p(-s);
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
        double[] auc = selectionAuc(scored, models);
        return java.util.stream.IntStream.range(0, models).mapToObj(m -> new ModelMetrics(
                total.meanLoss(0, m), total.meanLoss(1, m), total.accuracy(0, m), total.accuracy(1, m), auc[m])).toList();
    }

    /**
     * AUC = Σ_groups pos_g · (neg_below_g + neg_g / 2) / (P · N), kept as twice the numerator so
     * every sum is an exact integer.
     */
    static double[] selectionAuc(Dataset<Row> scored, int models) {
        Dataset<Row> groups = scored.filter(col(LabeledRows.SELECTION))
                .select(col(PoolScorer.LABEL), functions.posexplode(col(PoolScorer.SCORES)).as(new String[] {"model", "score"}))
                .groupBy("model", "score")
                .agg(sum(when(col(PoolScorer.LABEL).equalTo(1), 1L).otherwise(0L)).as("pos"),
                        sum(when(col(PoolScorer.LABEL).equalTo(0), 1L).otherwise(0L)).as("neg"));
        Dataset<Row> below = groups.withColumn("neg_below", functions.coalesce(sum("neg").over(Window.partitionBy("model")
                .orderBy("score").rowsBetween(Window.unboundedPreceding(), -1)), lit(0L)));
        double[] auc = new double[models];
        java.util.Arrays.fill(auc, Double.NaN);
        for (Row row : below.groupBy("model")
                .agg(sum(col("pos").multiply(col("neg_below").multiply(2).plus(col("neg")))).as("twice_u"),
                        sum("pos").as("p"), sum("neg").as("n"))
                .collectAsList()) {
            long p = row.getLong(2);
            long n = row.getLong(3);
            if (p > 0 && n > 0) {
                auc[row.getInt(0)] = row.getLong(1) / (2.0 * p * n);
            }
        }
        return auc;
    }

    /**
     * Sums per (split, model): log-loss (Neumaier-compensated) and correct decisions, plus the rows
     * of each split. Split 0 is training, 1 selection.
     */
    static final class State implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long[] rows = new long[2];
        private final double[][] loss;
        private final double[][] compensation;
        private final long[][] correct;

        State(int models) {
            loss = new double[2][models];
            compensation = new double[2][models];
            correct = new long[2][models];
        }

        void add(int label, boolean selection, List<Double> scores) {
            int split = selection ? 1 : 0;
            rows[split]++;
            for (int m = 0; m < scores.size(); m++) {
                double score = scores.get(m);
                addLoss(split, m, logLoss(label, score));
                if (correct(label, score)) {
                    correct[split][m]++;
                }
            }
        }

        void merge(State other) {
            for (int split = 0; split < 2; split++) {
                rows[split] += other.rows[split];
                for (int m = 0; m < loss[split].length; m++) {
                    addLoss(split, m, other.loss[split][m]);
                    addLoss(split, m, other.compensation[split][m]);
                    correct[split][m] += other.correct[split][m];
                }
            }
        }

        double meanLoss(int split, int model) {
            return (loss[split][model] + compensation[split][model]) / rows[split];
        }

        double accuracy(int split, int model) {
            return (double) correct[split][model] / rows[split];
        }

        private void addLoss(int split, int model, double term) {
            double sum = loss[split][model];
            double t = sum + term;
            compensation[split][model] += Math.abs(sum) >= Math.abs(term) ? (sum - t) + term : (term - t) + sum;
            loss[split][model] = t;
        }
    }
}
