package dev.rashomon.outrank;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.RangePartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.rdd.ShuffledRDD;
import scala.Tuple2;
import scala.math.Ordering;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The distinct values of numeric features in numeric order, with the rows before every value:
 * what equal-frequency bins need, computed from the value counts (so with no
 * second look at the input). Distributed: range-partition by (feature, number), count each range's
 * rows per feature from the unsorted records (so the offsets cost no sorted read), and walk each
 * sorted range knowing the rows of the ranges before it.
 */
final class SortedNumericValues {

    /**
     * A numeric value of a feature, ordered and compared by feature and number only, so that
     * spellings of one number ("1", "1.0") sort together and land in one range partition.
     */
    static final class NumericValue implements Comparable<NumericValue>, Serializable {
        private static final long serialVersionUID = 1L;
        final String feature;
        final double number;

        NumericValue(String feature, String text) {
            this.feature = feature;
            this.number = Double.parseDouble(text.trim()) + 0.0; // -0.0 is 0.0
        }

        @Override
        public int compareTo(NumericValue other) {
            int byFeature = feature.compareTo(other.feature);
            return byFeature != 0 ? byFeature : Double.compare(number, other.number);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NumericValue that && compareTo(that) == 0;
        }

        @Override
        public int hashCode() {
            return feature.hashCode() * 31 + Double.hashCode(number);
        }
    }

    /**
     * Visits a partition's values in order, with the feature's rows before the value's number
     * (spellings of one number, "1" and "1.0", share it: the rows before the first spelling).
     */
    interface Walk<T> extends Serializable {
        void visit(NumericValue value, ClassCounts counts, long numberStart, List<T> out);
    }

    private final JavaPairRDD<NumericValue, ClassCounts> sorted;
    private final List<Map<String, Long>> offsets = new ArrayList<>();

    SortedNumericValues(JavaPairRDD<FeatureValue, ClassCounts> valueCounts, Set<String> features, int partitions) {
        Set<String> wanted = Set.copyOf(features); // a serializable copy (a map's key view is not)
        JavaPairRDD<NumericValue, ClassCounts> numeric = valueCounts
                .filter(record -> wanted.contains(record._1().feature))
                .mapToPair(record -> new Tuple2<>(new NumericValue(record._1().feature, record._1().value), record._2()));
        Ordering<NumericValue> ordering = Ordering.comparatorToOrdering(Comparator.<NumericValue>naturalOrder());
        ClassTag<NumericValue> tag = ClassTag$.MODULE$.apply(NumericValue.class);
        RangePartitioner<NumericValue, ClassCounts> ranges = new RangePartitioner<>(partitions, numeric.rdd(), true, 20,
                ordering, tag);
        List<Map<Integer, Map<String, Long>>> rowsPerRange = numeric.mapPartitions(records -> {
            Map<Integer, Map<String, Long>> rows = new HashMap<>();
            records.forEachRemaining(r -> rows.computeIfAbsent(ranges.getPartition(r._1()), p -> new HashMap<>())
                    .merge(r._1().feature, r._2().total(), Long::sum));
            return List.of(rows).iterator();
        }).collect();
        Map<String, Long> running = new HashMap<>();
        for (int range = 0; range < ranges.numPartitions(); range++) {
            offsets.add(new HashMap<>(running));
            for (Map<Integer, Map<String, Long>> rows : rowsPerRange) {
                rows.getOrDefault(range, Map.of()).forEach((feature, count) -> running.merge(feature, count, Long::sum));
            }
        }
        ShuffledRDD<NumericValue, ClassCounts, ClassCounts> shuffled = new ShuffledRDD<>(numeric.rdd(), ranges, tag,
                ClassTag$.MODULE$.apply(ClassCounts.class), ClassTag$.MODULE$.apply(ClassCounts.class));
        shuffled.setKeyOrdering(ordering).setSerializer(ContingencyScan.recordSerializer(valueCounts.context(),
                NumericValue.class));
        sorted = JavaPairRDD.fromRDD(shuffled, tag, ClassTag$.MODULE$.apply(ClassCounts.class));
    }

    private <T> org.apache.spark.api.java.JavaRDD<T> walk(Walk<T> walk) {
        List<Map<String, Long>> starts = offsets;
        return sorted.mapPartitionsWithIndex((index, records) -> {
            Map<String, Long> before = new HashMap<>(starts.get(index));
            List<T> out = new ArrayList<>();
            NumericValue last = null;
            long numberStart = 0;
            while (records.hasNext()) {
                Tuple2<NumericValue, ClassCounts> record = records.next();
                long rowsBefore = before.getOrDefault(record._1().feature, 0L);
                if (last == null || !last.equals(record._1())) {
                    numberStart = rowsBefore;
                }
                walk.visit(record._1(), record._2(), numberStart, out);
                before.put(record._1().feature, rowsBefore + record._2().total());
                last = record._1();
            }
            return out.iterator();
        }, true);
    }

    /**
     * Exact equal-frequency bins: a value goes to bin {@code min(B−1, ⌊B · rows before it / rows
     * with a value⌋)}; a value is never split between bins, so ties make some bins larger and may
     * leave fewer than B bins. Returns the class counts per (feature, bin_NNN).
     */
    JavaPairRDD<FeatureValue, ClassCounts> bins(Map<String, Long> presentRows, int bins, int partitions) {
        Walk<Tuple2<FeatureValue, ClassCounts>> binning = (value, counts, numberStart, out) -> {
            int bin = (int) Math.min(bins - 1, (long) Math.floor((double) bins * numberStart / presentRows.get(value.feature)));
            out.add(new Tuple2<>(new FeatureValue(value.feature, String.format("bin_%03d", bin)), counts));
        };
        return walk(binning).mapToPair(record -> record).reduceByKey(ClassCounts::merge, partitions);
    }
}
