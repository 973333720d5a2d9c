package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** Exact medians by histogram selection against the median of the rows themselves, sorted. */
class ExactMediansTest extends SparkTestBase {

    @Test
    void smallHandComputedCases() {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        counts.put("odd", Map.of("1", 2L, "7", 1L, "3", 2L));            // 1 1 3 3 7 → 3
        counts.put("even", Map.of("10", 1L, "2", 1L, "4", 1L, "6", 1L)); // 2 4 6 10 → 5
        counts.put("spellings", Map.of("1", 1L, "1.0", 1L, "2", 1L));    // 1 1 2 → 1
        counts.put("single", Map.of("-0.0", 3L));                        // → 0.0, not -0.0
        counts.put("extremes", Map.of("-1e308", 1L, "1e308", 1L, "0", 1L, "1", 1L)); // -1e308 0 1 1e308 → 0.5
        Map<String, Double> medians = ExactMedians.of(records(counts, 3), stats(counts));
        assertThat(medians).containsEntry("odd", 3.0).containsEntry("even", 5.0).containsEntry("spellings", 1.0)
                .containsEntry("extremes", 0.5);
        assertThat(Double.doubleToRawLongBits(medians.get("single"))).isEqualTo(Double.doubleToRawLongBits(0.0));
    }

    /** Skewed counts over a wide range; a collect limit of 5 forces several narrowing rounds. */
    @Test
    void equalsTheSortedRowsMedianWhateverTheRoundsAndPartitions() {
        SplittableRandom random = new SplittableRandom(5);
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (String feature : List.of("zipf", "decimals", "clustered", "two")) {
            Map<String, Long> values = new HashMap<>();
            int distinct = feature.equals("two") ? 2 : 20_000;
            for (int i = 0; i < distinct; i++) {
                String value = switch (feature) {
                    case "zipf" -> Integer.toString(random.nextInt(1_000_000));
                    case "decimals" -> Double.toString(random.nextGaussian() * 1e-3);
                    case "clustered" -> Double.toString(i % 100 == 0 ? 1e12 * i : 1 + random.nextDouble() * 1e-9);
                    default -> Integer.toString(i);
                };
                values.merge(value, 1L + (long) (1000 / (1 + random.nextInt(1000))), Long::sum);
            }
            counts.put(feature, values);
        }
        Map<String, Double> expected = new TreeMap<>();
        counts.forEach((feature, values) -> expected.put(feature, sortedRowsMedian(values)));
        assertThat(new TreeMap<>(ExactMedians.of(records(counts, 4), stats(counts)))).isEqualTo(expected);
        assertThat(new TreeMap<>(ExactMedians.of(records(counts, 1), stats(counts), 5))).isEqualTo(expected);
        assertThat(new TreeMap<>(ExactMedians.of(records(counts, 7), stats(counts), 100))).isEqualTo(expected);
    }

    /** The median the slow way: every row's number, sorted. */
    private static double sortedRowsMedian(Map<String, Long> values) {
        long rows = values.values().stream().mapToLong(Long::longValue).sum();
        double[] all = new double[(int) rows];
        int at = 0;
        for (Map.Entry<String, Long> value : values.entrySet()) {
            for (long i = 0; i < value.getValue(); i++) {
                all[at++] = Double.parseDouble(value.getKey());
            }
        }
        Arrays.sort(all);
        return (all[(all.length - 1) / 2] + all[all.length / 2]) / 2 + 0.0;
    }

    private static JavaPairRDD<FeatureValue, ClassCounts> records(Map<String, Map<String, Long>> counts, int partitions) {
        List<Tuple2<FeatureValue, ClassCounts>> records = new ArrayList<>();
        counts.forEach((feature, values) -> values.forEach((value, rows) -> {
            long first = rows / 3;
            records.add(new Tuple2<>(new FeatureValue(feature, value),
                    new ClassCounts(new String[] {"0", "1"}, new long[] {first, rows - first})));
        }));
        records.add(new Tuple2<>(new FeatureValue("text", "abc"), new ClassCounts(new String[] {"0"}, new long[] {4})));
        return JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelizePairs(records, partitions);
    }

    private static Map<String, double[]> stats(Map<String, Map<String, Long>> counts) {
        Map<String, double[]> stats = new HashMap<>();
        counts.forEach((feature, values) -> {
            double[] numbers = values.keySet().stream().mapToDouble(Double::parseDouble).toArray();
            stats.put(feature, new double[] {values.values().stream().mapToLong(Long::longValue).sum(),
                    Arrays.stream(numbers).min().orElseThrow(), Arrays.stream(numbers).max().orElseThrow()});
        });
        return stats;
    }
}
