package dev.rashomon.outrank.compat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The distinct values of one column within one task, each with a dense id: an open-addressing
 * table looked up by the latin-1 bytes of a value, so that a cell of a csv-raw line costs no
 * String. Python's None (an absent ob-vw namespace, a null of a table format) is a value too.
 *
 * <p>Every value is a 64-bit key in the table. A value of at most 7 bytes is its own key (its
 * bytes big-endian, then its length), so it is found without comparing bytes and its keys sort in
 * String order; a longer value's key is a hash of its bytes (low byte 0xFF), its bytes kept in a
 * pool; a String with a character beyond latin-1 (ob-vw's UTF-8) is keyed by its hash (low byte
 * 0xFE) and compared as a String.
 */
final class ValueDictionary implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int NO_ID = -1;
    private static final int SHORT_BYTES = 7;
    private static final long LONG_MARK = 0xFF;
    private static final long WIDE_MARK = 0xFE;

    /** Slot s: its key at 2s, its id + 1 at 2s + 1 (0: empty slot), side by side so that a probe reads one cache line. */
    private long[] table = new long[2 * 64];
    /** 64 − log2(slots): a key's home slot is the top bits of its Fibonacci product. */
    private int shift = 64 - 6;
    /** Per id: its key, its String once built, and for long values where its bytes are in the pool. */
    private long[] keys = new long[32];
    private String[] values = new String[32];
    private int[] poolStart = new int[32];
    private int[] poolLength = new int[32];
    private byte[] pool = new byte[256];
    private int poolSize;
    private int size;
    private int noneId = NO_ID;
    private boolean allShort = true;

    int size() {
        return size;
    }

    /** The value of an id; null for None. */
    String value(int id) {
        if (id == noneId) {
            return null;
        }
        String value = values[id];
        if (value == null) {
            long key = keys[id];
            value = isShort(key)
                    ? new String(shortBytes(key), StandardCharsets.ISO_8859_1)
                    : new String(pool, poolStart[id], poolLength[id], StandardCharsets.ISO_8859_1);
            values[id] = value;
        }
        return value;
    }

    boolean isNone(int id) {
        return id == noneId;
    }

    /** Whether an id's value (not None) is a latin-1 value of at most 7 bytes, whose {@link #key} is the value itself. */
    boolean isShort(int id) {
        return id != noneId && isShort(keys[id]);
    }

    /** An id's key; for a short value, its {@link #shortKey}. */
    long key(int id) {
        return keys[id];
    }

    /**
     * The key of a value of at most 7 bytes, given as its bytes accumulated big-endian into the low
     * bits of {@code packed} ({@code packed = packed << 8 | b}): left-aligned, the length below.
     */
    static long shortKey(long packed, int length) {
        return length == 0 ? 0 : packed << (64 - 8 * length) | length;
    }

    /** The id of the value whose {@link #shortKey} is given, added if new. */
    int idOfShort(long key) {
        long[] t = table;
        int mask = t.length / 2 - 1;
        for (int slot = home(key); ; slot = (slot + 1) & mask) {
            int id = (int) t[2 * slot + 1] - 1;
            if (id < 0) {
                return add(key, null, slot);
            }
            if (t[2 * slot] == key) {
                return id;
            }
        }
    }

    /** The id of the latin-1 value {@code line[start, end)}, added if new. */
    int idOf(byte[] line, int start, int end) {
        int length = end - start;
        if (length <= SHORT_BYTES) {
            long packed = 0;
            for (int i = start; i < end; i++) {
                packed = packed << 8 | (line[i] & 0xFF);
            }
            return idOfShort(shortKey(packed, length));
        }
        long hash = 1125899906842597L;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + line[i];
        }
        long key = hash << 8 | LONG_MARK;
        int mask = table.length / 2 - 1;
        for (int slot = home(key); ; slot = (slot + 1) & mask) {
            int id = (int) table[2 * slot + 1] - 1;
            if (id < 0) {
                id = add(key, null, slot);
                storeBytes(id, line, start, length);
                return id;
            }
            if (table[2 * slot] == key && poolLength[id] == length
                    && Arrays.equals(pool, poolStart[id], poolStart[id] + length, line, start, end)) {
                return id;
            }
        }
    }

    /** The id of a whole value (null for None), added if new. */
    int idOf(String value) {
        if (value == null) {
            if (noneId == NO_ID) {
                noneId = append(0, null);
            }
            return noneId;
        }
        if (isLatin1(value)) {
            byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
            int id = idOf(bytes, 0, bytes.length);
            if (values[id] == null) {
                values[id] = value;
            }
            return id;
        }
        long key = (long) value.hashCode() << 8 | WIDE_MARK;
        int mask = table.length / 2 - 1;
        for (int slot = home(key); ; slot = (slot + 1) & mask) {
            int id = (int) table[2 * slot + 1] - 1;
            if (id < 0) {
                return add(key, value, slot);
            }
            if (table[2 * slot] == key && value.equals(values[id])) {
                return id;
            }
        }
    }

    private int add(long key, String value, int slot) {
        int id = append(key, value);
        table[2 * slot] = key;
        table[2 * slot + 1] = id + 1;
        allShort &= isShort(key);
        if (size * 4 > table.length) { // more than half of the slots taken
            rehash();
        }
        return id;
    }

    private int append(long key, String value) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
            poolStart = Arrays.copyOf(poolStart, size * 2);
            poolLength = Arrays.copyOf(poolLength, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        return size++;
    }

    private void storeBytes(int id, byte[] line, int start, int length) {
        if (poolSize + length > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + length));
        }
        System.arraycopy(line, start, pool, poolSize, length);
        poolStart[id] = poolSize;
        poolLength[id] = length;
        poolSize += length;
    }

    private void rehash() {
        table = new long[table.length * 2];
        shift--;
        int mask = table.length / 2 - 1;
        for (int id = 0; id < size; id++) {
            if (id == noneId) {
                continue; // None is found through noneId, not the table
            }
            int slot = home(keys[id]);
            while (table[2 * slot + 1] != 0) {
                slot = (slot + 1) & mask;
            }
            table[2 * slot] = keys[id];
            table[2 * slot + 1] = id + 1;
        }
    }

    /**
     * A key's home slot: the top bits of its Fibonacci product (Knuth 6.4), which depend on every
     * bit of the key. A short key's bytes sit in its top bits, which reach only the top of the
     * product: its low bits would put every value of one length in a few slots.
     */
    private int home(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private static boolean isShort(long key) {
        return (key & 0xFF) <= SHORT_BYTES;
    }

    private static byte[] shortBytes(long key) {
        byte[] bytes = new byte[(int) (key & 0xFF)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (key >>> (56 - 8 * i));
        }
        return bytes;
    }

    private static boolean isLatin1(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every id's rank among the non-None values in String order (code-point order, Python's, for
     * latin-1 and BMP text; the order {@link Batch#codes} uses); None ranks −1. Short keys compare
     * unsigned as their Strings do, so a column of short values is ranked by a primitive sort.
     */
    int[] ranks() {
        int[] rank = new int[size];
        if (noneId != NO_ID) {
            rank[noneId] = -1;
        }
        int k = 0;
        if (allShort) {
            long[] sorted = new long[size - (noneId == NO_ID ? 0 : 1)];
            for (int id = 0; id < size; id++) {
                if (id != noneId) {
                    sorted[k++] = keys[id] ^ Long.MIN_VALUE; // unsigned order as signed
                }
            }
            Arrays.sort(sorted);
            for (int r = 0; r < sorted.length; r++) {
                rank[idOfShort(sorted[r] ^ Long.MIN_VALUE)] = r;
            }
            return rank;
        }
        String[] sorted = new String[size - (noneId == NO_ID ? 0 : 1)];
        for (int id = 0; id < size; id++) {
            if (id != noneId) {
                sorted[k++] = value(id);
            }
        }
        Arrays.sort(sorted);
        for (int r = 0; r < sorted.length; r++) {
            rank[idOf(sorted[r])] = r;
        }
        return rank;
    }
}
