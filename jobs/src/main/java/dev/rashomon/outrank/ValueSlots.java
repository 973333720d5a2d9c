package dev.rashomon.outrank;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.array.ByteArrayMethods;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;

/**
 * One partition's distinct values of one feature with their rows per label class. An open-addressing
 * hash table maps a value's UTF-8 bytes to a dense slot (0, 1, 2, … in order of first appearance);
 * the keys lie back to back in one byte array and the counts in one long array, slot-major, a row
 * of {@code classes} counts per slot. No object per value or per row: this is the inner loop of
 * the counting pass, and its memory is about (key bytes + 20 + 8 × classes) bytes per value.
 * Serializable because the merged tables are what the counting pass persists.
 */
final class ValueSlots implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int ABSENT = -1;
    private static final int HASH_SEED = 42;

    private byte[] keys = new byte[256];
    private int keyBytes;
    private int[] keyStart = new int[17];
    private int[] keyHash = new int[16];
    /** slot + 1 at each hash position; 0 is empty. At most half full. */
    private int[] table = new int[32];
    private long[] counts;
    private int classes;
    private int size;

    ValueSlots(int classes) {
        this.classes = classes;
        this.counts = new long[keyHash.length * classes];
    }

    /** The hash that {@link #find} and {@link #insert} expect: the same as {@code UTF8String.hashCode()}. */
    static int hash(Object base, long offset, int length) {
        return Murmur3_x86_32.hashUnsafeBytes(base, offset, length, HASH_SEED);
    }

    static int hash(byte[] bytes) {
        return hash(bytes, Platform.BYTE_ARRAY_OFFSET, bytes.length);
    }

    /** The slot of the value whose bytes are at (base, offset, length), or {@link #ABSENT}. */
    int find(Object base, long offset, int length, int hash) {
        int mask = table.length - 1;
        for (int at = spread(hash) & mask; ; at = (at + 1) & mask) {
            int entry = table[at];
            if (entry == 0) {
                return ABSENT;
            }
            int slot = entry - 1;
            if (keyHash[slot] == hash && keyStart[slot + 1] - keyStart[slot] == length
                    && ByteArrayMethods.arrayEquals(keys, Platform.BYTE_ARRAY_OFFSET + keyStart[slot], base, offset, length)) {
                return slot;
            }
        }
    }

    /** Adds a value that {@link #find} did not find; returns its new slot. */
    int insert(Object base, long offset, int length, int hash) {
        if (size == keyHash.length) {
            int capacity = size * 2;
            keyHash = Arrays.copyOf(keyHash, capacity);
            keyStart = Arrays.copyOf(keyStart, capacity + 1);
            counts = Arrays.copyOf(counts, capacity * classes);
        }
        if (keyBytes + length > keys.length) {
            keys = Arrays.copyOf(keys, Math.max(keys.length * 2, keyBytes + length));
        }
        Platform.copyMemory(base, offset, keys, Platform.BYTE_ARRAY_OFFSET + keyBytes, length);
        int slot = size++;
        keyHash[slot] = hash;
        keyStart[slot] = keyBytes;
        keyBytes += length;
        keyStart[slot + 1] = keyBytes;
        if (size * 2 > table.length) {
            rehash(table.length * 2);
        } else {
            place(slot);
        }
        return slot;
    }

    /** The slot of a value given as bytes, added if new. */
    int slotOf(byte[] value) {
        return slotOf(value, 0, value.length);
    }

    /** The slot of the value in {@code bytes[offset, offset + length)}, added if new. */
    int slotOf(byte[] bytes, int offset, int length) {
        long at = Platform.BYTE_ARRAY_OFFSET + (long) offset;
        int hash = hash(bytes, at, length);
        int slot = find(bytes, at, length, hash);
        return slot != ABSENT ? slot : insert(bytes, at, length, hash);
    }

    /** One more row of class {@code labelClass} with the value in {@code slot}. */
    void add(int slot, int labelClass) {
        counts[slot * classes + labelClass]++;
    }

    /** {@code rows} more rows of class {@code labelClass} with the value in {@code slot}. */
    void add(int slot, int labelClass, long rows) {
        counts[slot * classes + labelClass] += rows;
    }

    /** The hash of a slot's value (as {@link #hash}). */
    int hashOf(int slot) {
        return keyHash[slot];
    }

    /** The bytes of every value, back to back: a slot's are at {@link #keyOffset} for {@link #keyLength}. */
    byte[] keyBytes() {
        return keys;
    }

    int keyOffset(int slot) {
        return keyStart[slot];
    }

    int keyLength(int slot) {
        return keyStart[slot + 1] - keyStart[slot];
    }

    /** Makes room for {@code newClasses} counts per slot (a class index seen for the first time). */
    void widen(int newClasses) {
        if (newClasses <= classes) {
            return;
        }
        long[] wider = new long[keyHash.length * newClasses];
        for (int slot = 0; slot < size; slot++) {
            System.arraycopy(counts, slot * classes, wider, slot * newClasses, classes);
        }
        counts = wider;
        classes = newClasses;
    }

    int size() {
        return size;
    }

    /** The bytes its arrays hold: what one (partition, feature) costs while counting. */
    long footprintBytes() {
        return keys.length + 4L * (keyStart.length + keyHash.length + table.length) + 8L * counts.length;
    }

    /** The value of a slot, decoded from UTF-8 as Spark decodes a string cell. */
    String value(int slot) {
        return new String(keys, keyStart[slot], keyStart[slot + 1] - keyStart[slot], StandardCharsets.UTF_8);
    }

    long count(int slot, int labelClass) {
        return labelClass < classes ? counts[slot * classes + labelClass] : 0;
    }

    long total(int slot) {
        long total = 0;
        for (int c = 0; c < classes; c++) {
            total += counts[slot * classes + c];
        }
        return total;
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int slot = 0; slot < size; slot++) {
            place(slot);
        }
    }

    private void place(int slot) {
        int mask = table.length - 1;
        int at = spread(keyHash[slot]) & mask;
        while (table[at] != 0) {
            at = (at + 1) & mask;
        }
        table[at] = slot + 1;
    }

    /** Murmur3's low bits are good, but linear probing wants the high bits mixed in too. */
    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
