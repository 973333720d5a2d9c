package dev.rashomon.multiplicity;

import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * The per-row work over the persisted pool rows: {@link #measure} reduces every row into a {@link GroupState} per
 * group (and "" for all rows) and into the distributions of its measures; {@link #epsilonMeasures} gives a row's
 * measures for each ε to {@link RowTable}. Both sweep the row with {@link RowSweep}.
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

    /**
     * What the pass gives: a state per group key, every measure's distribution per ε and group, and the row-id
     * hashes seen more than once (see {@link UniqueRowIds}; empty when not checked).
     */
    record Measured(Map<String, GroupState> states, Map<DistributionValues.Key, Distribution> distributions,
                    Set<Long> repeatedRowHashes) {
    }

    /** The key of a group's state among the pass's results. */
    private record StateKey(String group) implements Serializable {
    }

    /**
     * One pass over the rows for everything but per_row: each task sweeps a row once for every set size, adds it
     * to its groups' states and keeps its values for the distributions. Both kinds of partial result go through
     * one shuffle, keyed by group or by (ε, group, measure), and are summarised in the reduce tasks. A task sends
     * one partial result per key, so there is nothing to combine on the map side, and the reduce side reads a key's
     * parts together rather than merging them two by two (a distribution's parts are millions of values).
     * With {@code uniqueRowIds}, the row-id hashes go through the same shuffle by hash range.
     */
    Measured measure(JavaRDD<PoolRow> rows, boolean uniqueRowIds) {
        int ranges = Math.max(1, rows.getNumPartitions());
        Map<Object, Object> results = rows.mapPartitionsToPair(partition -> measurePartition(partition, uniqueRowIds, ranges))
                .groupByKey(new HashPartitioner(ranges)).mapValues(this::summarise).collectAsMap();
        Map<String, GroupState> states = new HashMap<>();
        Map<DistributionValues.Key, Distribution> distributions = new HashMap<>();
        Set<Long> repeated = new HashSet<>();
        results.forEach((key, value) -> {
            if (key instanceof StateKey state) {
                states.put(state.group(), (GroupState) value);
            } else if (key instanceof UniqueRowIds.Range) {
                for (long hash : (long[]) value) {
                    repeated.add(hash);
                }
            } else {
                distributions.put((DistributionValues.Key) key, (Distribution) value);
            }
        });
        return new Measured(states, distributions, repeated);
    }

    /** One task's side of {@link #measure}: its partial results, keyed for the shuffle. */
    Iterator<Tuple2<Object, Object>> measurePartition(Iterator<PoolRow> partition, boolean uniqueRowIds, int ranges) {
        Map<String, GroupState> states = new HashMap<>();
        int[] all = pool.allSizes();
        int[] setSizes = pool.setSizes();
        DistributionValues values = new DistributionValues(setSizes.length);
        // Reused for every row of the task: the per-row work allocates nothing of its own.
        double[][] curveBuffer = new double[all.length][RowMeasure.COUNT];
        double[][] byEpsilon = new double[setSizes.length][];
        double[] empty = RowSweep.undefined();
        int[] decisions = new int[pool.size()];
        double[] deviations = binary() ? new double[pool.size()] : null;
        int[] positives = binary() ? new int[all.length] : null;
        int[] members = pool.members();
        UniqueRowIds.Hashes hashes = uniqueRowIds ? new UniqueRowIds.Hashes(ranges) : null;
        while (partition.hasNext()) {
            PoolRow row = partition.next();
            double[][] curve = sweep(row, all, curveBuffer);
            for (int e = 0; e < setSizes.length; e++) {
                byEpsilon[e] = setSizes[e] == 0 ? empty : curve[setSizes[e] - 1];
            }
            decide(row, decisions);
            if (positives != null) {
                int running = 0;
                for (int s = 0; s < positives.length; s++) {
                    running += decisions[members[s]];
                    positives[s] = running;
                }
            }
            if (deviations != null) {
                double reference = row.scores()[pool.reference()];
                for (int h = 0; h < deviations.length; h++) {
                    deviations[h] = Math.abs(row.scores()[h] - reference);
                }
            }
            long rowHash = UniqueRowIds.hash(row);
            if (hashes != null) {
                hashes.add(rowHash);
            }
            int referenceDecision = decisions[pool.reference()];
            for (String group : groupsOf(row)) {
                states.computeIfAbsent(group, g -> new GroupState(pool.size(), setSizes.length, all.length,
                        deltas.length, pairs)).add(rowHash, referenceDecision, row.label(), decisions, deviations,
                        deltas, byEpsilon, curve, positives);
                values.add(group, byEpsilon);
            }
        }
        List<Tuple2<Object, Object>> out = new ArrayList<>();
        states.forEach((group, state) -> out.add(new Tuple2<>(new StateKey(group), state)));
        values.drainInto(out);
        if (hashes != null) {
            hashes.drainInto(out);
        }
        return out.iterator();
    }

    /** A key's partial results, one per task, as the driver takes them. */
    private Object summarise(Iterable<Object> partials) {
        List<Object> parts = new ArrayList<>();
        partials.forEach(parts::add);
        Object first = parts.get(0);
        if (first instanceof GroupState state) {
            parts.subList(1, parts.size()).forEach(other -> state.merge((GroupState) other));
            return state;
        }
        if (first instanceof long[]) {
            return UniqueRowIds.repeated(UniqueRowIds.concat(parts.stream().map(long[].class::cast).toList()));
        }
        return Distribution.of(parts.stream().map(SortedCounts.class::cast).toList(), deltas);
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
        return sweep(row, sizes, null);
    }

    /** The row's measures for each size, into {@code buffer} ([size][measure]) when binary and one is given. */
    private double[][] sweep(PoolRow row, int[] sizes, double[][] buffer) {
        if (row.classes() != classes) {
            throw new UserError(where + ": row " + row.rowId() + " has probabilities for " + row.classes()
                    + " classes, other rows for " + classes);
        }
        if (!binary()) {
            return RowSweep.multiclass(row.scores(), classes, pool.members(), pool.reference(), row.label(), sizes);
        }
        double[][] out = buffer == null ? new double[sizes.length][RowMeasure.COUNT] : buffer;
        RowSweep.binary(row.scores(), pool.members(), pool.reference(), row.label(), threshold, sizes, out);
        return out;
    }

    private void decide(PoolRow row, int[] out) {
        double[] scores = row.scores();
        for (int h = 0; h < out.length; h++) {
            out[h] = binary() ? (scores[h] >= threshold ? 1 : 0) : RowSweep.argmax(scores, h, classes);
        }
    }
}
