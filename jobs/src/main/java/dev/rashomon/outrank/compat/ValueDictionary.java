package dev.rashomon.outrank.compat;

import java.util.Arrays;

/**
 * The distinct values of one column within one task, each with a dense id: an open-addressing
 * table over int slots, looked up by a region of a line so that a value already seen costs no
 * String. Python's None (an absent ob-vw namespace, a null of a table format) is a value too,
 * stored as null.
 */
final class ValueDictionary {
    private static final int NO_ID = -1;

    private int[] slots = new int[64];
    private String[] values = new String[32];
    private int[] hashes = new int[32];
    private int size;
    private int noneId = NO_ID;

    int size() {
        return size;
    }

    /** The value of an id; null for None. */
    String value(int id) {
        return values[id];
    }

    /** The id of {@code line[start, end)}, added if new. */
    int idOf(String line, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + line.charAt(i); // String.hashCode's, so idOf(String) agrees
        }
        int mask = slots.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            int id = slots[slot] - 1;
            if (id < 0) {
                return add(line.substring(start, end), hash, slot);
            }
            String value = values[id];
            if (hashes[id] == hash && value != null && value.length() == end - start
                    && line.regionMatches(start, value, 0, end - start)) {
                return id;
            }
        }
    }

    /** The id of a whole value (null for None), added if new. */
    int idOf(String value) {
        if (value == null) {
            if (noneId == NO_ID) {
                noneId = append(null, 0);
            }
            return noneId;
        }
        return idOf(value, 0, value.length());
    }

    private int add(String value, int hash, int slot) {
        int id = append(value, hash);
        slots[slot] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private int append(String value, int hash) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        values[size] = value;
        hashes[size] = hash;
        return size++;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int id = 0; id < size; id++) {
            if (values[id] == null) {
                continue; // None is found through noneId, not the table
            }
            int slot = spread(hashes[id]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }
    }

    /** Fibonacci hashing: String hashes of short digit strings are clustered. */
    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * Every id's rank among the non-None values in String order (code-point order, Python's, for
     * latin-1 and BMP text; the order {@link Batch#codes} uses); None ranks −1.
     */
    int[] ranks() {
        String[] sorted = new String[size - (noneId == NO_ID ? 0 : 1)];
        int k = 0;
        for (int id = 0; id < size; id++) {
            if (values[id] != null) {
                sorted[k++] = values[id];
            }
        }
        Arrays.sort(sorted);
        int[] rank = new int[size];
        if (noneId != NO_ID) {
            rank[noneId] = -1;
        }
        for (int r = 0; r < sorted.length; r++) {
            rank[idOf(sorted[r])] = r;
        }
        return rank;
    }
}
