package dev.rashomon.outrank;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * Exact equal-frequency binning of numeric features, computed from their value counts (so it
 * needs no second look at the input): values sorted by number, a value goes to bin
 * {@code min(B−1, ⌊B · rows before it / rows with a value⌋)}. A value is never split between
 * bins, so ties make some bins larger and may leave fewer than B bins.
 *
 * <p>Distributed: sort by (feature, number), add up each sorted partition's rows per feature, and
 * give every partition the rows of the partitions before it as its starting offset.
 */
final class EqualFrequencyBins {
    private EqualFrequencyBins() {
    }

    /**
     * A numeric value of a feature, ordered and compared by feature and number only, so that
     * spellings of one number ("1", "1.0") sort together and land in one range partition.
     */
    static final class NumericValue implements Comparable<NumericValue>, Serializable {
        private static final long serialVersionUID = 1L;
        final String feature;
        final double number;
        final String text;

        NumericValue(String feature, String text) {
            this.feature = feature;
            this.text = text;
            this.number = Double.parseDouble(text.trim()) + 0.0; // -0.0 is 0.0
        }

        @Override
        public int compareTo(NumericValue other) {
            int byFeature = feature.compareTo(other.feature);
            if (byFeature != 0) {
                return byFeature;
            }
            return Double.compare(number, other.number);
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
     * The class counts per (feature, bin) of the given numeric features; bins are named
     * {@code bin_000} … by rank.
     *
     * @param presentRows rows with a value, per feature to bin
     */
    static JavaPairRDD<FeatureValue, ClassCounts> apply(JavaPairRDD<FeatureValue, ClassCounts> valueCounts,
                                                        Set<String> features, Map<String, Long> presentRows,
                                                        int bins, int partitions) {
        JavaPairRDD<NumericValue, ClassCounts> sorted = valueCounts
                .filter(record -> features.contains(record._1().feature))
                .mapToPair(record -> new Tuple2<>(new NumericValue(record._1().feature, record._1().value), record._2()))
                .sortByKey(true, partitions);

        List<Map<String, Long>> rowsPerPartition = sorted.mapPartitions(records -> {
            Map<String, Long> rows = new HashMap<>();
            records.forEachRemaining(r -> rows.merge(r._1().feature, r._2().total(), Long::sum));
            return List.of(rows).iterator();
        }).collect();
        List<Map<String, Long>> offsets = new ArrayList<>();
        Map<String, Long> running = new HashMap<>();
        for (Map<String, Long> rows : rowsPerPartition) {
            offsets.add(new HashMap<>(running));
            rows.forEach((feature, count) -> running.merge(feature, count, Long::sum));
        }

        return sorted.mapPartitionsWithIndex((index, records) -> {
            Map<String, Long> before = new HashMap<>(offsets.get(index));
            List<Tuple2<FeatureValue, ClassCounts>> out = new ArrayList<>();
            String lastFeature = null;
            double lastNumber = Double.NaN;
            int lastBin = -1;
            while (records.hasNext()) {
                Tuple2<NumericValue, ClassCounts> record = records.next();
                NumericValue value = record._1();
                long rowsBefore = before.getOrDefault(value.feature, 0L);
                int bin;
                if (value.feature.equals(lastFeature) && Double.compare(value.number, lastNumber) == 0) {
                    bin = lastBin; // "1" and "1.0" are one number: one bin
                } else {
                    bin = (int) Math.min(bins - 1, (long) Math.floor((double) bins * rowsBefore / presentRows.get(value.feature)));
                }
                before.put(value.feature, rowsBefore + record._2().total());
                lastFeature = value.feature;
                lastNumber = value.number;
                lastBin = bin;
                out.add(new Tuple2<>(new FeatureValue(value.feature, String.format("bin_%03d", bin)), record._2()));
            }
            return out.iterator();
        }, true).mapToPair(record -> record).reduceByKey(ClassCounts::merge, partitions);
    }
}
