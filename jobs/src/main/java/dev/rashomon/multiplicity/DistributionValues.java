package dev.rashomon.multiplicity;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import scala.Tuple2;

/**
 * One task's values of every {@link RowMeasure#DISTRIBUTIONS} measure, per ε and group, in primitive buffers.
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
                    if (buffer.size > 0) {
                        out.add(new Tuple2<>(new Key(e, group, x), SortedCounts.of(buffer.values, buffer.size)));
                    }
                    grid[e][x] = null;
                }
            }
        });
        buffers.clear();
    }

    /** A growable array of doubles. */
    private static final class Buffer {
        double[] values = new double[1024];
        int size;

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
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
