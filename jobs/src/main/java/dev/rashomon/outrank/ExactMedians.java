package dev.rashomon.outrank;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple3;

/**
 * The exact median of numeric features' rows, from their value counts, by histogram selection
 * instead of a sort: one pass counts each feature's rows and distinct values in equal-width buckets
 * of its range; the driver finds the buckets that hold the middle ranks; a second pass collects
 * just those buckets' values (or, when they are still large, narrows the range to them and
 * counts again). Typically two small jobs, whatever the cardinality.
 */
final class ExactMedians {
    static final int BUCKETS = 2048;
    /** Distinct values the middle buckets may hold before they are collected to the driver. */
    static final long COLLECT_LIMIT = 200_000;
    private static final int MAX_ROUNDS = 8;

    /** A feature's search: the numbers in [lo, hi] hold both middle ranks; {@code rowsBelow} rows lie below lo. */
    private static final class Window implements Serializable {
        private static final long serialVersionUID = 1L;
        final long low;
        final long high;
        double lo;
        double hi;
        long rowsBelow;

        Window(long rows, double min, double max) {
            this.low = (rows - 1) / 2;
            this.high = rows / 2;
            this.lo = min;
            this.hi = max;
        }

        /** The bucket of a number in [lo, hi]; halves first, so that hi − lo cannot overflow. */
        int bucketOf(double number) {
            double width = hi * 0.5 - lo * 0.5;
            if (width <= 0) {
                return 0;
            }
            return (int) Math.min(BUCKETS - 1, Math.floor((number * 0.5 - lo * 0.5) / width * BUCKETS));
        }

        boolean holds(double number) {
            return number >= lo && number <= hi;
        }
    }

    /** One partition's buckets of one feature. */
    private static final class Buckets implements Serializable {
        private static final long serialVersionUID = 1L;
        final long[] rows = new long[BUCKETS];
        final long[] distinct = new long[BUCKETS];
        final double[] min = new double[BUCKETS];
        final double[] max = new double[BUCKETS];

        Buckets() {
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        void add(int bucket, double number, long count) {
            rows[bucket] += count;
            distinct[bucket]++;
            min[bucket] = Math.min(min[bucket], number);
            max[bucket] = Math.max(max[bucket], number);
        }

        Buckets merge(Buckets other) {
            for (int b = 0; b < BUCKETS; b++) {
                rows[b] += other.rows[b];
                distinct[b] += other.distinct[b];
                min[b] = Math.min(min[b], other.min[b]);
                max[b] = Math.max(max[b], other.max[b]);
            }
            return this;
        }
    }

    private ExactMedians() {
    }

    /**
     * @param values the value counts (any features; others are skipped)
     * @param features for each numeric feature: its rows with a value, least and greatest number
     */
    static Map<String, Double> of(JavaPairRDD<FeatureValue, ClassCounts> values, Map<String, double[]> features) {
        return of(values, features, COLLECT_LIMIT);
    }

    /** As {@link #of(JavaPairRDD, Map)}, collecting the middle buckets once they hold at most {@code collectLimit} values. */
    static Map<String, Double> of(JavaPairRDD<FeatureValue, ClassCounts> values, Map<String, double[]> features,
                                  long collectLimit) {
        Map<String, Window> open = new HashMap<>();
        features.forEach((feature, stats) -> open.put(feature, new Window((long) stats[0], stats[1], stats[2])));
        Map<String, Double> medians = new TreeMap<>();
        for (int round = 0; !open.isEmpty(); round++) {
            Map<String, Window> searching = Map.copyOf(open);
            Map<String, Buckets> counted = bucketCounts(values, searching);
            Map<String, Window> collect = new HashMap<>();
            for (Map.Entry<String, Window> entry : searching.entrySet()) {
                Window window = entry.getValue();
                Buckets buckets = counted.get(entry.getKey());
                int lowBucket = bucketOfRank(buckets, window.rowsBelow, window.low);
                int highBucket = bucketOfRank(buckets, window.rowsBelow, window.high);
                long distinct = 0;
                for (int b = lowBucket; b <= highBucket; b++) {
                    distinct += buckets.distinct[b];
                }
                for (int b = 0; b < lowBucket; b++) {
                    window.rowsBelow += buckets.rows[b];
                }
                window.lo = buckets.min[lowBucket];
                window.hi = buckets.max[highBucket];
                if (distinct <= collectLimit || window.lo == window.hi || round == MAX_ROUNDS - 1) {
                    collect.put(entry.getKey(), window);
                }
            }
            medians.putAll(collectMiddles(values, collect));
            open.keySet().removeAll(collect.keySet());
        }
        return medians;
    }

    private static int bucketOfRank(Buckets buckets, long rowsBelow, long rank) {
        long seen = rowsBelow;
        for (int b = 0; b < BUCKETS; b++) {
            seen += buckets.rows[b];
            if (rank < seen) {
                return b;
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond the feature's " + seen + " rows");
    }

    private static Map<String, Buckets> bucketCounts(JavaPairRDD<FeatureValue, ClassCounts> values,
                                                     Map<String, Window> windows) {
        Map<String, Buckets> all = new HashMap<>();
        values.mapPartitions(records -> {
            Map<String, Buckets> partition = new HashMap<>();
            records.forEachRemaining(record -> {
                Window window = windows.get(record._1().feature);
                double number = window == null ? Double.NaN : FeatureCounts.number(record._1().value);
                if (window != null && window.holds(number)) {
                    partition.computeIfAbsent(record._1().feature, f -> new Buckets())
                            .add(window.bucketOf(number), number, record._2().total());
                }
            });
            return List.of(partition).iterator();
        }).collect().forEach(partition -> partition.forEach((feature, buckets) -> all.merge(feature, buckets, Buckets::merge)));
        return all;
    }

    /** Collects the numbers of each window with their rows and reads the middle ranks off them in order. */
    private static Map<String, Double> collectMiddles(JavaPairRDD<FeatureValue, ClassCounts> values,
                                                      Map<String, Window> windows) {
        if (windows.isEmpty()) {
            return Map.of();
        }
        Map<String, Window> wanted = Map.copyOf(windows);
        Map<String, TreeMap<Double, Long>> rowsByNumber = new HashMap<>();
        values.mapPartitions(records -> {
            List<Tuple3<String, Double, Long>> found = new ArrayList<>();
            records.forEachRemaining(record -> {
                Window window = wanted.get(record._1().feature);
                double number = window == null ? Double.NaN : FeatureCounts.number(record._1().value);
                if (window != null && window.holds(number)) {
                    found.add(new Tuple3<>(record._1().feature, number + 0.0, record._2().total())); // -0.0 is 0.0
                }
            });
            return found.iterator();
        }).collect().forEach(found -> rowsByNumber.computeIfAbsent(found._1(), f -> new TreeMap<>())
                .merge(found._2(), found._3(), Long::sum));
        Map<String, Double> medians = new HashMap<>();
        wanted.forEach((feature, window) -> {
            double low = Double.NaN;
            double high = Double.NaN;
            long before = window.rowsBelow;
            for (Map.Entry<Double, Long> number : rowsByNumber.get(feature).entrySet()) {
                long after = before + number.getValue();
                if (before <= window.low && window.low < after) {
                    low = number.getKey();
                }
                if (before <= window.high && window.high < after) {
                    high = number.getKey();
                    break;
                }
                before = after;
            }
            medians.put(feature, (low + high) / 2);
        });
        return medians;
    }
}
