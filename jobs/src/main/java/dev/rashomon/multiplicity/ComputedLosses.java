package dev.rashomon.multiplicity;

import dev.rashomon.info.ExactSum;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Selection losses computed from the predictions when none are given: each model's mean
 * {@link dev.rashomon.info.LogLoss}. Sums are exact, so the losses — and
 * the Rashomon sets they define — do not depend on partitioning.
 */
final class ComputedLosses {
    private ComputedLosses() {
    }

    /** Wide rows: loss by score position. */
    static Map<Integer, Double> byPosition(JavaRDD<PoolRow> rows, int models) {
        Sums sums = rows.aggregate(new Sums(), (acc, row) -> {
            for (int j = 0; j < models; j++) {
                acc.add(j, row.classes() == 1 ? dev.rashomon.info.LogLoss.binary(row.scores()[j], row.label())
                        : dev.rashomon.info.LogLoss.ofLabelProbability(row.scores()[j * row.classes() + row.label()]));
            }
            return acc;
        }, Sums::merge);
        Map<Integer, Double> out = new HashMap<>();
        sums.sums.forEach((key, sum) -> out.put((Integer) key, sum.mean(sums.counts.get(key))));
        return out;
    }

    /** Long lines: loss by model id; a multiclass line counts when its class is the row's label. */
    static Map<String, Double> byModel(JavaRDD<PredictionReader.ScoreLine> lines, boolean multiclass) {
        Sums sums = lines.aggregate(new Sums(), (acc, line) -> {
            if (!multiclass) {
                acc.add(line.modelId(), dev.rashomon.info.LogLoss.binary(line.score(), line.label()));
            } else if (line.classIndex() == line.label()) {
                acc.add(line.modelId(), dev.rashomon.info.LogLoss.ofLabelProbability(line.score()));
            }
            return acc;
        }, Sums::merge);
        Map<String, Double> out = new HashMap<>();
        sums.sums.forEach((key, sum) -> out.put((String) key, sum.mean(sums.counts.get(key))));
        return out;
    }

    /** Exact sums and counts by key. */
    static final class Sums implements Serializable {
        private static final long serialVersionUID = 1L;
        final Map<Object, ExactSum> sums = new HashMap<>();
        final Map<Object, Long> counts = new HashMap<>();

        void add(Object key, double loss) {
            sums.computeIfAbsent(key, k -> new ExactSum()).add(loss);
            counts.merge(key, 1L, Long::sum);
        }

        Sums merge(Sums other) {
            other.sums.forEach((key, sum) -> sums.computeIfAbsent(key, k -> new ExactSum()).merge(sum));
            other.counts.forEach((key, count) -> counts.merge(key, count, Long::sum));
            return this;
        }
    }
}
