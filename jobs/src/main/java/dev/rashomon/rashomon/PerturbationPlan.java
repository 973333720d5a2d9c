package dev.rashomon.rashomon;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How each feature is perturbed in models mode, the same way for every model (common random
 * numbers):
 * <ul>
 *   <li>a feature with few distinct values (categorical or binned) by its empirical marginal: a
 *       row becomes one copy per value v, weighted by the value's share π_v, which gives the exact
 *       expectation Σ_v π_v L(x_j ← v) with no randomness (the VIC and FISC codes' scheme for
 *       binary features, generalised);</li>
 *   <li>any other by a keyed pairing: rows sorted by a keyed hash, the row at position r takes the
 *       value from position r + offset (cyclically); each paired feature has its own offset.</li>
 * </ul>
 * A pair perturbs both features at once, each as it is perturbed alone (the FISC code permutes
 * the columns of a pair independently), so a model that ignores one of them has φ_ab = φ_a exactly.
 */
final class PerturbationPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How one feature is perturbed. */
    record Feature(String name, int column, Object[] values, double[] weights, int offset) implements Serializable {
        boolean marginal() {
            return values != null;
        }

        String scheme() {
            return marginal() ? "marginal (" + values.length + " values)" : "keyed pairing (offset " + offset + ")";
        }
    }

    private final Map<String, Feature> features;

    private PerturbationPlan(Map<String, Feature> features) {
        this.features = features;
    }

    /**
     * @param rows the evaluation rows, raw columns first
     * @param maxValues features with at most this many distinct values use their marginal
     */
    static PerturbationPlan of(Dataset<Row> rows, List<String> raw, List<String> names, int maxValues, long count) {
        Map<String, Long> approximate = new LinkedHashMap<>();
        if (maxValues > 0) {
            Column[] distinct = names.stream().map(n -> approx_count_distinct(col(EvaluationRows.quote(n)), 0.05))
                    .toArray(Column[]::new);
            Row counts = rows.agg(distinct[0], java.util.Arrays.copyOfRange(distinct, 1, distinct.length)).first();
            for (int i = 0; i < names.size(); i++) {
                approximate.put(names.get(i), counts.getLong(i));
            }
        }
        Map<String, Feature> features = new LinkedHashMap<>();
        int paired = 0;
        for (String name : names) {
            int column = raw.indexOf(name);
            List<Row> values = null;
            if (maxValues > 0 && approximate.get(name) <= 2L * maxValues + 2) {
                // Nulls count as a value: a missing cell is part of the feature's marginal.
                values = rows.groupBy(col(EvaluationRows.quote(name))).count().limit(maxValues + 1).collectAsList();
            }
            if (values != null && values.size() <= maxValues) {
                List<Row> sorted = new ArrayList<>(values);
                sorted.sort(Comparator.comparing(r -> r.isNullAt(0) ? "" : "\u0001" + r.get(0)));
                Object[] distinct = new Object[sorted.size()];
                double[] weights = new double[sorted.size()];
                for (int v = 0; v < sorted.size(); v++) {
                    distinct[v] = sorted.get(v).get(0);
                    weights[v] = (double) sorted.get(v).getLong(1) / count;
                }
                features.put(name, new Feature(name, column, distinct, weights, 0));
            } else {
                paired++;
                features.put(name, new Feature(name, column, null, null, paired));
            }
        }
        return new PerturbationPlan(features);
    }

    Feature feature(String name) {
        return features.get(name);
    }

    List<String> names() {
        return new ArrayList<>(features.keySet());
    }

    /** The columns of the paired features, by offset (offset k at position k − 1). */
    int[] pairedColumns() {
        return features.values().stream().filter(f -> !f.marginal()).sorted(Comparator.comparingInt(Feature::offset))
                .mapToInt(Feature::column).toArray();
    }

    /** Perturbed copies of each row for these perturbations: a marginal feature's values multiply, a pairing counts 1. */
    long copies(List<String[]> perturbations) {
        long total = 0;
        for (String[] set : perturbations) {
            long combinations = 1;
            for (String name : set) {
                Feature f = features.get(name);
                combinations *= f.marginal() ? f.values().length : 1;
            }
            total += combinations;
        }
        return total;
    }

    /** Each feature's scheme, for run.json. */
    Map<String, String> schemes() {
        Map<String, String> out = new LinkedHashMap<>();
        features.forEach((name, f) -> out.put(name, f.scheme()));
        return out;
    }
}
