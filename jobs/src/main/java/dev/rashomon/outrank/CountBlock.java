package dev.rashomon.outrank;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What one counting task sends to one reduce partition: the counts of every (feature, value) that
 * hashes there, packed into one byte array, plus (for reduce partition 0 only) the task's row
 * counters. One object per (task, reduce partition) instead of one per distinct value keeps the
 * shuffle free of per-record objects on both sides.
 *
 * <p>Layout: per feature its name, then its values, each as varint (length + 1), the UTF-8 bytes
 * and one varint count per class (in the order of {@link #classes}); a 0 ends the feature.
 */
final class CountBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The label classes of the task, in the order of each value's counts. */
    final String[] classes;
    final byte[] packed;
    final Tally tally;

    CountBlock(String[] classes, byte[] packed, Tally tally) {
        this.classes = classes;
        this.packed = packed;
        this.tally = tally;
    }

    /**
     * A task's row counters; {@code classTotals} in the order of the block's classes. A class, not
     * a record: Kryo cannot set a record's fields.
     */
    static final class Tally implements Serializable {
        private static final long serialVersionUID = 1L;
        final long[] classTotals;
        final long rowsRead;
        final long rowsSampledOut;
        final long badRows;
        /** Encoded by {@link BadRow#encode}. */
        final String[] badRowExamples;

        Tally(long[] classTotals, long rowsRead, long rowsSampledOut, long badRows, String[] badRowExamples) {
            this.classTotals = classTotals;
            this.rowsRead = rowsRead;
            this.rowsSampledOut = rowsSampledOut;
            this.badRows = badRows;
            this.badRowExamples = badRowExamples;
        }
    }

    /** Packs one block, feature by feature. */
    static final class Writer {
        private byte[] bytes = new byte[64];
        private int size;

        void startFeature(String name) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            writeVarLong(utf8.length);
            write(utf8, 0, utf8.length);
        }

        void startValue(byte[] source, int offset, int length) {
            writeVarLong(length + 1L);
            write(source, offset, length);
        }

        void count(long count) {
            writeVarLong(count);
        }

        void endFeature() {
            writeVarLong(0);
        }

        CountBlock finish(String[] classes, Tally tally) {
            return new CountBlock(classes, Arrays.copyOf(bytes, size), tally);
        }

        private void write(byte[] source, int offset, int length) {
            ensure(length);
            System.arraycopy(source, offset, bytes, size, length);
            size += length;
        }

        private void writeVarLong(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes[size++] = (byte) value;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    Reader reader() {
        return new Reader(packed);
    }

    /** Walks a block: {@link #nextFeature()}, then {@link #nextValue()} and its counts until it is false. */
    static final class Reader {
        private final byte[] bytes;
        private int at;
        private String feature;
        private int valueOffset;
        private int valueLength;

        private Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean nextFeature() {
            if (at == bytes.length) {
                return false;
            }
            int length = (int) readVarLong();
            feature = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return true;
        }

        String feature() {
            return feature;
        }

        /** Moves to the feature's next value; its bytes are then at {@link #valueOffset()} in {@link #bytes()}. */
        boolean nextValue() {
            long lengthPlusOne = readVarLong();
            if (lengthPlusOne == 0) {
                return false;
            }
            valueLength = (int) (lengthPlusOne - 1);
            valueOffset = at;
            at += valueLength;
            return true;
        }

        byte[] bytes() {
            return bytes;
        }

        int valueOffset() {
            return valueOffset;
        }

        int valueLength() {
            return valueLength;
        }

        /** The value's next class count. */
        long count() {
            return readVarLong();
        }

        private long readVarLong() {
            long value = 0;
            int shift = 0;
            byte b;
            do {
                b = bytes[at++];
                value |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while (b < 0);
            return value;
        }
    }
}
