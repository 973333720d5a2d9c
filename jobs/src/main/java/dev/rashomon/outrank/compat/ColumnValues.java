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
 *
 * <p>A value is either a String ({@code values[i]}) or, where it is null, the
 * {@link ValueDictionary#shortKey} of a latin-1 value of at most 7 bytes ({@code keys[i]}): the
 * value itself as a long, so a task's many short values are shipped and merged without Strings.
 */
record ColumnValues(String column, long[] keys, String[] values, long[] counts, int[] digests) implements Serializable {
    /** The short key of {@link BatchScorer#NONE}, "\0None". */
    static final long NONE_KEY = ValueDictionary.shortKey(0x004E6F6E65L, 5);

    static ColumnValues of(String column, String[] values, long[] counts) {
        int[] digests = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            digests[i] = isTruthy(values[i]) ? BatchScorer.digest(values[i]) : 0;
        }
        return new ColumnValues(column, new long[values.length], values, counts, digests);
    }

    static ColumnValues of(String column, Map<String, Long> counts) {
        String[] values = counts.keySet().toArray(String[]::new);
        long[] n = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            n[i] = counts.get(values[i]);
        }
        return of(column, values, n);
    }

    /**
     * A task's values of one column from its dictionary, those counted at least once (a task
     * also holds values of rows it does not score): short values as keys, None as {@link #NONE_KEY}.
     */
    static ColumnValues of(String column, ValueDictionary dictionary, long[] counts) {
        int size = 0;
        for (long count : counts) {
            size += count > 0 ? 1 : 0;
        }
        long[] keys = new long[size];
        String[] values = new String[size];
        long[] kept = new long[size];
        int[] digests = new int[size];
        byte[] scratch = new byte[8];
        int k = 0;
        for (int id = 0; id < counts.length; id++) {
            if (counts[id] == 0) {
                continue;
            }
            kept[k] = counts[id];
            if (dictionary.isNone(id)) {
                keys[k] = NONE_KEY;
            } else if (dictionary.isShort(id)) {
                keys[k] = dictionary.key(id);
                digests[k] = isTruthy(keys[k]) ? digestOfShort(keys[k], scratch) : 0;
            } else {
                values[k] = dictionary.value(id);
                digests[k] = isTruthy(values[k]) ? BatchScorer.digest(values[k]) : 0;
            }
            k++;
        }
        return new ColumnValues(column, keys, values, kept, digests);
    }

    static boolean isTruthy(String value) {
        return !value.isEmpty() && !value.equals(BatchScorer.NONE);
    }

    static boolean isTruthy(long shortKey) {
        return shortKey != 0 && shortKey != NONE_KEY;
    }

    /** {@link BatchScorer#digest} of a short value: its bytes are its UTF-8 bytes when all are ASCII. */
    private static int digestOfShort(long key, byte[] scratch) {
        int length = (int) (key & 0xFF);
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            scratch[i] = (byte) (key >>> (56 - 8 * i));
            ascii &= scratch[i] >= 0;
        }
        return ascii ? BatchScorer.digest(scratch, length)
                : BatchScorer.digest(new String(scratch, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** This column's values split into {@code buckets} parts by digest. */
    List<ColumnValues> split(int buckets) {
        int[] sizes = new int[buckets];
        for (int digest : digests) {
            sizes[Math.floorMod(digest, buckets)]++;
        }
        List<ColumnValues> parts = new ArrayList<>(buckets);
        int[] at = new int[buckets];
        for (int b = 0; b < buckets; b++) {
            parts.add(new ColumnValues(column, new long[sizes[b]], new String[sizes[b]], new long[sizes[b]], new int[sizes[b]]));
        }
        for (int i = 0; i < digests.length; i++) {
            int b = Math.floorMod(digests[i], buckets);
            ColumnValues part = parts.get(b);
            int k = at[b]++;
            part.keys[k] = keys[i];
            part.values[k] = values[i];
            part.counts[k] = counts[i];
            part.digests[k] = digests[i];
        }
        return parts;
    }

    /** What the files need of a merged bucket: values seen more than each repetition threshold, distinct digests. */
    record Summary(String column, long[] repetitions, int[] distinctDigests) implements Serializable {
    }

    /** Adds up the counts of equal values over one column's parts as they arrive (in any order: counts add up, a value's digest is its own). */
    static final class Merge {
        private final String column;
        private final ValueDictionary dictionary = new ValueDictionary();
        private long[] total = new long[1024];
        private int[] digestOf = new int[1024];
        private boolean[] truthyOf = new boolean[1024];

        Merge(String column) {
            this.column = column;
        }

        void add(ColumnValues part) {
            for (int i = 0; i < part.digests.length; i++) {
                String value = part.values[i];
                // idOf(String) gives a latin-1 String of up to 7 bytes its short key's id
                int id = value == null ? dictionary.idOfShort(part.keys[i]) : dictionary.idOf(value);
                if (id == total.length) {
                    total = Arrays.copyOf(total, id * 2);
                    digestOf = Arrays.copyOf(digestOf, id * 2);
                    truthyOf = Arrays.copyOf(truthyOf, id * 2);
                }
                total[id] += part.counts[i];
                digestOf[id] = part.digests[i];
                truthyOf[id] = value == null ? isTruthy(part.keys[i]) : isTruthy(value);
            }
        }

        Summary summary() {
            long[] repetitions = new long[OutrankFiles.REPETITION_THRESHOLDS.length];
            int[] digests = new int[dictionary.size()];
            int truthy = 0;
            for (int id = 0; id < dictionary.size(); id++) {
                for (int t = 0; t < repetitions.length; t++) {
                    if (total[id] > OutrankFiles.REPETITION_THRESHOLDS[t]) {
                        repetitions[t]++;
                    }
                }
                if (truthyOf[id]) {
                    digests[truthy++] = digestOf[id];
                }
            }
            int[] distinct = Arrays.stream(digests, 0, truthy).sorted().distinct().toArray();
            return new Summary(column, repetitions, distinct);
        }
    }
}
