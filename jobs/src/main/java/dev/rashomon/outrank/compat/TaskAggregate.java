package dev.rashomon.outrank.compat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one task contributes after scoring its batches: each batch's small results (scores,
 * coverage, memory), and the value counts and cardinality digests of all its batches folded
 * together, so that what is shuffled and kept grows with the data's cardinality, not its rows.
 */
final class TaskAggregate implements Serializable {
    private static final long serialVersionUID = 1L;

    final List<BatchResult> batches = new ArrayList<>();
    final Map<String, Map<String, Long>> valueCounts = new HashMap<>();
    final Map<String, Set<Integer>> digests = new HashMap<>();

    /** Folds a task's batch results into one aggregate. */
    static Iterator<TaskAggregate> gather(Iterator<BatchResult> results) {
        TaskAggregate aggregate = new TaskAggregate();
        while (results.hasNext()) {
            BatchResult r = results.next();
            for (int c = 0; c < r.columns().length; c++) {
                Map<String, Long> counts = aggregate.valueCounts.computeIfAbsent(r.columns()[c], k -> new HashMap<>());
                r.valueCounts()[c].forEach((value, count) -> counts.merge(value, count, Long::sum));
                Set<Integer> columnDigests = aggregate.digests.computeIfAbsent(r.columns()[c], k -> new HashSet<>());
                for (int digest : r.digests()[c]) {
                    columnDigests.add(digest);
                }
            }
            aggregate.batches.add(new BatchResult(r.batch(), r.full(), r.columns(), r.first(), r.second(), r.scores(),
                    r.coverage(), r.memory(), new int[0][], null));
        }
        return List.of(aggregate).iterator();
    }
}
