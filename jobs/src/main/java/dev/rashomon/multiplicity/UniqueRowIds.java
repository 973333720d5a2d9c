package dev.rashomon.multiplicity;

import dev.rashomon.info.DecisionPatterns;
import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Refuses a wide row_id given twice, which would count its row twice (the (row, model) pairs repeat). Each task
 * hashes its row ids to 64 bits and ships them as primitive arrays, split by hash range; each range is sorted
 * and scanned for repeats. Only a repeated hash (a repeated id, or a collision at the 2^-64 scale) is then
 * checked by the ids themselves, so the answer is exact and costs 8 bytes per row instead of a shuffle of ids.
 */
final class UniqueRowIds {
    private UniqueRowIds() {
    }

    static void check(JavaRDD<PoolRow> rows, String where) {
        int ranges = Math.max(1, rows.getNumPartitions());
        List<Long> repeatedHashes = rows.mapPartitionsToPair(partition -> {
            long[][] byRange = new long[ranges][16];
            int[] sizes = new int[ranges];
            while (partition.hasNext()) {
                long hash = hash(partition.next());
                int range = Math.floorMod(hash, ranges);
                if (sizes[range] == byRange[range].length) {
                    byRange[range] = Arrays.copyOf(byRange[range], sizes[range] * 2);
                }
                byRange[range][sizes[range]++] = hash;
            }
            List<Tuple2<Integer, long[]>> out = new ArrayList<>();
            for (int r = 0; r < ranges; r++) {
                if (sizes[r] > 0) {
                    out.add(new Tuple2<>(r, Arrays.copyOf(byRange[r], sizes[r])));
                }
            }
            return out.iterator();
        }).groupByKey(new HashPartitioner(ranges)).flatMap(range -> {
            int total = 0;
            for (long[] chunk : range._2()) {
                total += chunk.length;
            }
            long[] all = new long[total];
            int at = 0;
            for (long[] chunk : range._2()) {
                System.arraycopy(chunk, 0, all, at, chunk.length);
                at += chunk.length;
            }
            Arrays.sort(all);
            List<Long> repeated = new ArrayList<>();
            for (int i = 1; i < all.length; i++) {
                if (all[i] == all[i - 1] && (repeated.isEmpty() || repeated.get(repeated.size() - 1) != all[i])) {
                    repeated.add(all[i]);
                }
            }
            return repeated.iterator();
        }).collect();
        if (repeatedHashes.isEmpty()) {
            return;
        }
        Set<Long> suspects = new HashSet<>(repeatedHashes);
        List<Tuple2<Object, Integer>> repeated = rows.filter(r -> suspects.contains(hash(r)))
                .mapToPair(r -> new Tuple2<>(r.rowId(), 1)).reduceByKey(Integer::sum).filter(t -> t._2() > 1).take(1);
        if (!repeated.isEmpty()) {
            throw new UserError(where + ": row " + repeated.get(0)._1() + " appears " + repeated.get(0)._2()
                    + " times, so it has that many scores from every model; each row_id may appear once");
        }
    }

    private static long hash(PoolRow row) {
        return DecisionPatterns.rowHash(row.rowId().toString());
    }
}
