package dev.rashomon.outrank;

import java.io.Serializable;
import java.util.List;
import java.util.SortedMap;

/**
 * What the counting pass saw besides the feature counts.
 *
 * @param classTotals rows used per label class, by class name
 * @param rowsRead every data row read, used or not
 * @param rowsSampledOut rows left out by the sample
 * @param badRows rows that could not be used
 * @param badRowExamples some of them, in a deterministic order
 */
record ScanSummary(SortedMap<String, Long> classTotals, long rowsRead, long rowsSampledOut, long badRows,
                   List<BadRow> badRowExamples) implements Serializable {

    long rowsUsed() {
        return classTotals.values().stream().mapToLong(Long::longValue).sum();
    }
}
