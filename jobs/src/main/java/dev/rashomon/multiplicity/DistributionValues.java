package dev.rashomon.multiplicity;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import scala.Tuple2;

/**
 * One task's values of every {@link RowMeasure#DISTRIBUTIONS} measure, per ε and group, in primitive buffers: a
 * measure that takes few values (disagreement, self-consistency, anything at a set of one model) is counted per
 * distinct value, any other is kept value by value.
 * When the task ends they leave as one {@link SortedCounts} per (ε, group, measure); the states of a key meet in
 * one reduce task, which turns them into a {@link Distribution}.
 */
final class DistributionValues {
    /** One distribution: ε by index in {@link Pool#epsilons()}, measure by index in {@link RowMeasure#DISTRIBUTIONS}. */
    record Key(int epsilon, String group, int measure) implements Serializable {
    }

    private static final int[] MEASURES = RowMeasure.DISTRIBUTIONS.stream().mapToInt(Enum::ordinal).toArray();

    private final int epsilons;
    private final Map<String, Buffer[][]> buffers = new HashMap<>();

    DistributionValues(int epsilons) {
        this.epsilons = epsilons;
    }

    /** Adds one row's defined values, [ε][measure] as {@link PoolPass} gives them, to a group. */
    void add(String group, double[][] byEpsilon) {
        Buffer[][] grid = buffers.computeIfAbsent(group, g -> Buffer.grid(epsilons, MEASURES.length));
        for (int e = 0; e < epsilons; e++) {
            double[] measures = byEpsilon[e];
            for (int x = 0; x < MEASURES.length; x++) {
                double value = measures[MEASURES[x]];
                if (!Double.isNaN(value)) {
                    grid[e][x].add(value);
                }
            }
        }
    }

    /** Sorts and counts every buffer into {@code out}, releasing each buffer as it goes. */
    void drainInto(List<Tuple2<Object, Object>> out) {
        buffers.forEach((group, grid) -> {
            for (int e = 0; e < grid.length; e++) {
                for (int x = 0; x < grid[e].length; x++) {
                    Buffer buffer = grid[e][x];
                    if (!buffer.isEmpty()) {
                        out.add(new Tuple2<>(new Key(e, group, x), buffer.sortedCounts()));
                    }
                    grid[e][x] = null;
                }
            }
        });
        buffers.clear();
    }

    /**
     * One measure's values: counted in a small open-addressing table of their bits while they have at most
     * {@link #MAX_COUNTED} distinct values, then listed one by one in a growable array (the counts spelled out).
     */
    static final class Buffer {
        static final int MAX_COUNTED = 256;
        private long[] bits = new long[16];
        /** Rows per slot; 0 marks an empty slot. */
        private long[] counts = new long[16];
        private int distinct;
        private double[] values;
        private int size;

        static Buffer[][] grid(int rows, int columns) {
            Buffer[][] grid = new Buffer[rows][columns];
            for (Buffer[] row : grid) {
                for (int c = 0; c < columns; c++) {
                    row[c] = new Buffer();
                }
            }
            return grid;
        }

        void add(double value) {
            if (values != null) {
                append(value);
                return;
            }
            long key = Double.doubleToLongBits(value);
            int slot = slotOf(key);
            if (counts[slot] == 0) {
                if (distinct == MAX_COUNTED) {
                    list();
                    append(value);
                    return;
                }
                if (2 * (distinct + 1) > bits.length) {
                    grow();
                    slot = slotOf(key);
                }
                bits[slot] = key;
                distinct++;
            }
            counts[slot]++;
        }

        /** The slot holding {@code key}, or the empty slot where it would go. */
        private int slotOf(long key) {
            int mask = bits.length - 1;
            int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
            while (counts[slot] != 0 && bits[slot] != key) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        boolean isEmpty() {
            return values == null ? distinct == 0 : size == 0;
        }

        SortedCounts sortedCounts() {
            if (values != null) {
                return SortedCounts.of(values, size);
            }
            double[] distinctValues = new double[distinct];
            long[] distinctCounts = new long[distinct];
            int d = 0;
            for (int slot = 0; slot < bits.length; slot++) {
                if (counts[slot] != 0) {
                    distinctValues[d] = Double.longBitsToDouble(bits[slot]);
                    distinctCounts[d++] = counts[slot];
                }
            }
            return SortedCounts.ofCounts(distinctValues, distinctCounts);
        }

        private void grow() {
            long[] oldBits = bits;
            long[] oldCounts = counts;
            bits = new long[oldBits.length * 2];
            counts = new long[oldBits.length * 2];
            for (int slot = 0; slot < oldBits.length; slot++) {
                if (oldCounts[slot] != 0) {
                    int to = slotOf(oldBits[slot]);
                    bits[to] = oldBits[slot];
                    counts[to] = oldCounts[slot];
                }
            }
        }

        /** Leaves counting: every counted row becomes one entry of the array. */
        private void list() {
            long rows = Arrays.stream(counts).sum();
            values = new double[(int) Math.max(1024, 2 * rows)];
            for (int slot = 0; slot < bits.length; slot++) {
                for (long i = 0; i < counts[slot]; i++) {
                    values[size++] = Double.longBitsToDouble(bits[slot]);
                }
            }
            bits = null;
            counts = null;
        }

        private void append(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
