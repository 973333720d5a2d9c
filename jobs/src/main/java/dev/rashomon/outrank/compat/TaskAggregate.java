package dev.rashomon.outrank.compat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one task contributes after scoring its batches: each batch's small results (scores,
 * coverage, memory), and per column the distinct values of all its batches with their counts and
 * digests, so that what is shuffled and kept grows with the data's cardinality, not its rows.
 */
final class TaskAggregate implements Serializable {
    private static final long serialVersionUID = 2L;

    final List<BatchResult> batches = new ArrayList<>();
    final List<ColumnValues> values = new ArrayList<>();
    /** Value counts of batches added one by one, until {@link #finish}. */
    private transient Map<String, Map<String, Long>> pendingCounts;

    /** Adds one batch: its scores kept, its value counts folded into the task's. */
    void add(BatchResult r) {
        if (pendingCounts == null) {
            pendingCounts = new LinkedHashMap<>();
        }
        for (int c = 0; c < r.columns().length; c++) {
            Map<String, Long> counts = pendingCounts.computeIfAbsent(r.columns()[c], k -> new HashMap<>());
            r.valueCounts()[c].forEach((value, count) -> counts.merge(value, count, Long::sum));
        }
        batches.add(new BatchResult(r.batch(), r.full(), r.columns(), r.first(), r.second(), r.scores(),
                r.coverage(), r.memory(), new int[0][], null));
    }

    /** Turns the folded value counts into {@link ColumnValues}. */
    TaskAggregate finish() {
        if (pendingCounts != null) {
            pendingCounts.forEach((column, counts) -> values.add(ColumnValues.of(column, counts)));
            pendingCounts = null;
        }
        return this;
    }
}
