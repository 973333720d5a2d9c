package dev.rashomon.multiplicity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * The distribution of every {@link RowMeasure#DISTRIBUTIONS} measure over rows, per ε and group, from one pass
 * over the pool rows. Each task keeps the defined values in primitive buffers and ships them as
 * {@link SortedCounts}; the states of one (ε, group, measure) meet in one reduce task, which turns them into a
 * {@link Distribution}. Only those small results reach the driver.
 */
final class DistributionPass {
    /** One distribution: ε by index in {@link Pool#epsilons()}, measure by index in {@link RowMeasure#DISTRIBUTIONS}. */
    record Key(int epsilon, String group, int measure) implements Serializable {
    }

    private DistributionPass() {
    }

    /**
     * @param thresholds values whose ≥ counts each distribution records (the δ of the score-based measures)
     */
    static Map<Key, Distribution> run(JavaRDD<PoolRow> rows, PoolPass pass, Pool pool, double[] thresholds) {
        int[] sizes = pool.setSizes();
        int[] measures = RowMeasure.DISTRIBUTIONS.stream().mapToInt(Enum::ordinal).toArray();
        return rows.mapPartitions(partition -> {
            Map<String, Buffer[][]> buffers = new HashMap<>();
            double[][] measureBuffer = new double[sizes.length][RowMeasure.COUNT];
            while (partition.hasNext()) {
                PoolRow row = partition.next();
                double[][] byEpsilon = pass.epsilonMeasures(row, measureBuffer);
                for (String group : PoolPass.groupsOf(row)) {
                    Buffer[][] groupBuffers = buffers.computeIfAbsent(group, g -> Buffer.grid(sizes.length, measures.length));
                    for (int e = 0; e < sizes.length; e++) {
                        for (int x = 0; x < measures.length; x++) {
                            double value = byEpsilon[e][measures[x]];
                            if (!Double.isNaN(value)) {
                                groupBuffers[e][x].add(value);
                            }
                        }
                    }
                }
            }
            List<Tuple2<Key, SortedCounts>> out = new ArrayList<>();
            buffers.forEach((group, grid) -> {
                for (int e = 0; e < grid.length; e++) {
                    for (int x = 0; x < grid[e].length; x++) {
                        Buffer buffer = grid[e][x];
                        if (buffer.size > 0) {
                            out.add(new Tuple2<>(new Key(e, group, x), SortedCounts.of(buffer.values, buffer.size)));
                        }
                        grid[e][x] = null; // let the buffer go once it has been sorted and copied
                    }
                }
            });
            return out.iterator();
        }).mapToPair(t -> t).reduceByKey(new HashPartitioner(Math.max(1, rows.getNumPartitions())), SortedCounts::merge)
                .mapValues(values -> Distribution.of(values, thresholds)).collectAsMap();
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
