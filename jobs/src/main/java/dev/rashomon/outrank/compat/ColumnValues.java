package dev.rashomon.outrank.compat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One column's distinct values with their row counts and xxh32 digests: a task's, then after the
 * merge one digest bucket's over all tasks. Buckets follow the digest, so a value and every value
 * sharing its digest meet in one bucket: counts add up and distinct digests are counted exactly.
 * Python's None is {@link BatchScorer#NONE}; it and '' are falsy, not in the cardinality sketch.
 */
record ColumnValues(String column, String[] values, long[] counts, int[] digests) implements Serializable {

    static ColumnValues of(String column, String[] values, long[] counts) {
        int[] digests = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            digests[i] = isTruthy(values[i]) ? BatchScorer.digest(values[i]) : 0;
        }
        return new ColumnValues(column, values, counts, digests);
    }

    static ColumnValues of(String column, Map<String, Long> counts) {
        String[] values = counts.keySet().toArray(String[]::new);
        long[] n = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            n[i] = counts.get(values[i]);
        }
        return of(column, values, n);
    }

    static boolean isTruthy(String value) {
        return !value.isEmpty() && !value.equals(BatchScorer.NONE);
    }

    /** This column's values split into {@code buckets} parts by digest. */
    List<ColumnValues> split(int buckets) {
        int[] sizes = new int[buckets];
        for (int digest : digests) {
            sizes[Math.floorMod(digest, buckets)]++;
        }
        List<ColumnValues> parts = new ArrayList<>(buckets);
        int[][] at = new int[buckets][];
        for (int b = 0; b < buckets; b++) {
            parts.add(new ColumnValues(column, new String[sizes[b]], new long[sizes[b]], new int[sizes[b]]));
            at[b] = new int[1];
        }
        for (int i = 0; i < values.length; i++) {
            int b = Math.floorMod(digests[i], buckets);
            ColumnValues part = parts.get(b);
            int k = at[b][0]++;
            part.values[k] = values[i];
            part.counts[k] = counts[i];
            part.digests[k] = digests[i];
        }
        return parts;
    }

    /** What the files need of a merged bucket: values seen more than each repetition threshold, distinct digests. */
    record Summary(String column, long[] repetitions, int[] distinctDigests) implements Serializable {
    }

    /** Adds up the counts of equal values over the parts, then summarises them. */
    static Summary merge(String column, Iterable<ColumnValues> parts) {
        ValueDictionary dictionary = new ValueDictionary();
        long[] total = new long[1024];
        int[] digestOf = new int[1024];
        for (ColumnValues part : parts) {
            for (int i = 0; i < part.values.length; i++) {
                int id = dictionary.idOf(part.values[i]);
                if (id == total.length) {
                    total = Arrays.copyOf(total, id * 2);
                    digestOf = Arrays.copyOf(digestOf, id * 2);
                }
                total[id] += part.counts[i];
                digestOf[id] = part.digests[i];
            }
        }
        long[] repetitions = new long[OutrankFiles.REPETITION_THRESHOLDS.length];
        int[] digests = new int[dictionary.size()];
        int truthy = 0;
        for (int id = 0; id < dictionary.size(); id++) {
            for (int t = 0; t < repetitions.length; t++) {
                if (total[id] > OutrankFiles.REPETITION_THRESHOLDS[t]) {
                    repetitions[t]++;
                }
            }
            if (isTruthy(dictionary.value(id))) {
                digests[truthy++] = digestOf[id];
            }
        }
        int[] distinct = Arrays.stream(digests, 0, truthy).sorted().distinct().toArray();
        return new Summary(column, repetitions, distinct);
    }
}
