package dev.rashomon.multiplicity;

import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;

/**
 * The passes over the persisted pool rows: one reduces every row into a {@link GroupState} per
 * group (and "" for all rows); the other maps each row to its measures for each ε. Both share the
 * per-row work in {@link #measure}.
 */
final class PoolPass implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The group of all rows. */
    static final String ALL = "";

    private final Pool pool;
    private final int classes;
    private final double threshold;
    private final double[] deltas;
    private final boolean pairs;
    private final String where;

    PoolPass(Pool pool, int classes, MultiplicityConfig.Multiplicity options, String where) {
        this.pool = pool;
        this.classes = classes;
        this.threshold = options.threshold();
        this.deltas = options.delta().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        this.pairs = pool.size() <= options.pairwiseMaxModels();
        this.where = where;
    }

    boolean binary() {
        return classes == 1;
    }

    double[] deltas() {
        return deltas.clone();
    }

    boolean pairs() {
        return pairs;
    }

    /** One state per group key, from one pass. */
    Map<String, GroupState> states(JavaRDD<PoolRow> rows) {
        return rows.mapPartitions(partition -> {
            Map<String, GroupState> states = new HashMap<>();
            int[] all = pool.allSizes();
            while (partition.hasNext()) {
                PoolRow row = partition.next();
                double[][] curve = measure(row, all);
                double[][] byEpsilon = Arrays.stream(pool.setSizes()).mapToObj(size -> size == 0 ? RowSweep.undefined()
                        : curve[size - 1]).toArray(double[][]::new);
                int[] decisions = decisions(row);
                boolean[][] deviations = binary() ? deviations(row) : null;
                int referenceDecision = decisions[pool.reference()];
                for (String group : groupsOf(row)) {
                    states.computeIfAbsent(group, g -> new GroupState(pool.size(), byEpsilon.length, all.length,
                            deltas.length, pairs)).add(row.rowId(), referenceDecision, row.label(), decisions, deviations,
                            byEpsilon, curve);
                }
            }
            return List.of(states).iterator();
        }).reduce((a, b) -> {
            b.forEach((group, state) -> a.merge(group, state, GroupState::merge));
            return a;
        });
    }

    /** The row's measures for the set of each ε (in the order of {@link Pool#epsilons()}). */
    double[][] epsilonMeasures(PoolRow row) {
        return measure(row, pool.setSizes());
    }

    /** "" and the row's group keys. */
    static String[] groupsOf(PoolRow row) {
        String[] out = new String[row.groups().length + 1];
        out[0] = ALL;
        System.arraycopy(row.groups(), 0, out, 1, row.groups().length);
        return out;
    }

    private double[][] measure(PoolRow row, int[] sizes) {
        if (row.classes() != classes) {
            throw new UserError(where + ": row " + row.rowId() + " has probabilities for " + row.classes()
                    + " classes, other rows for " + classes);
        }
        return binary()
                ? RowSweep.binary(row.scores(), pool.members(), pool.reference(), row.label(), threshold, sizes)
                : RowSweep.multiclass(row.scores(), classes, pool.members(), pool.reference(), row.label(), sizes);
    }

    private int[] decisions(PoolRow row) {
        int[] out = new int[pool.size()];
        for (int h = 0; h < out.length; h++) {
            out[h] = binary() ? (row.scores()[h] >= threshold ? 1 : 0) : RowSweep.argmax(row.scores(), h, classes);
        }
        return out;
    }

    private boolean[][] deviations(PoolRow row) {
        boolean[][] out = new boolean[deltas.length][pool.size()];
        double reference = row.scores()[pool.reference()];
        for (int h = 0; h < pool.size(); h++) {
            double deviation = Math.abs(row.scores()[h] - reference);
            for (int d = 0; d < deltas.length; d++) {
                out[d][h] = deviation >= deltas[d];
            }
        }
        return out;
    }
}
