package dev.rashomon.multiplicity;

import dev.rashomon.info.DecisionPatterns;
import dev.rashomon.run.FirstBadRow;
import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Refuses a wide row_id given twice, which would count its row twice (the (row, model) pairs repeat). The measure
 * pass gives each row's 64-bit hash ({@link DecisionPatterns#rowHash} of its id) to a task's {@link Hashes}, which
 * ship with its other partial results as primitive arrays, split by hash range; each range is sorted and scanned
 * for repeats in a reduce task. Only a repeated hash (a repeated id, or a collision at the 2^-64 scale) is then
 * checked by the ids themselves, so the answer is exact and costs 8 bytes per row and no scan of its own.
 */
final class UniqueRowIds {
    private UniqueRowIds() {
    }

    /** The shuffle key of one hash range. */
    record Range(int index) implements Serializable {
    }

    /** One task's row hashes, by range. */
    static final class Hashes {
        private final long[][] byRange;
        private final int[] sizes;

        Hashes(int ranges) {
            byRange = new long[ranges][16];
            sizes = new int[ranges];
        }

        void add(long hash) {
            int range = Math.floorMod(hash, byRange.length);
            if (sizes[range] == byRange[range].length) {
                byRange[range] = Arrays.copyOf(byRange[range], sizes[range] * 2);
            }
            byRange[range][sizes[range]++] = hash;
        }

        /** Each non-empty range as ({@link Range}, long[]). */
        void drainInto(List<Tuple2<Object, Object>> out) {
            for (int r = 0; r < byRange.length; r++) {
                if (sizes[r] > 0) {
                    out.add(new Tuple2<>(new Range(r), Arrays.copyOf(byRange[r], sizes[r])));
                }
                byRange[r] = null;
            }
        }
    }

    /** The chunks of one range's hashes as one array. */
    static long[] concat(List<long[]> chunks) {
        long[] out = new long[chunks.stream().mapToInt(chunk -> chunk.length).sum()];
        int at = 0;
        for (long[] chunk : chunks) {
            System.arraycopy(chunk, 0, out, at, chunk.length);
            at += chunk.length;
        }
        return out;
    }

    /** The hashes that occur more than once, each once, increasing; {@code hashes} is sorted in place. */
    static long[] repeated(long[] hashes) {
        Arrays.sort(hashes);
        long[] out = new long[hashes.length];
        int count = 0;
        for (int i = 1; i < hashes.length; i++) {
            if (hashes[i] == hashes[i - 1] && (count == 0 || out[count - 1] != hashes[i])) {
                out[count++] = hashes[i];
            }
        }
        return Arrays.copyOf(out, count);
    }

    /** Given the repeated hashes, finds a row_id that is really repeated (a rescan, on the way to an error) and refuses it. */
    static void confirm(JavaRDD<PoolRow> rows, Set<Long> repeatedHashes, String where) {
        if (repeatedHashes.isEmpty()) {
            return;
        }
        Set<Long> suspects = new HashSet<>(repeatedHashes);
        // The smallest repeated row_id, so the message does not depend on partitioning.
        Tuple2<Object, Integer> repeated = rows.filter(r -> suspects.contains(hash(r)))
                .mapToPair(r -> new Tuple2<>(r.rowId(), 1)).reduceByKey(Integer::sum).filter(t -> t._2() > 1)
                .fold(null, (a, b) -> a == null ? b : b == null || FirstBadRow.compareRowIds(a._1(), b._1()) <= 0 ? a : b);
        if (repeated != null) {
            throw new UserError(where + ": row " + repeated._1() + " appears " + repeated._2()
                    + " times, so it has that many scores from every model; each row_id may appear once");
        }
    }

    static long hash(PoolRow row) {
        return DecisionPatterns.rowHash(row.rowId().toString());
    }
}
