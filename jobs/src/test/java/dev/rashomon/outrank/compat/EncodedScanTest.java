package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link EncodedScan} (one read, rows placed in batches afterwards) against {@link RowBatches}
 * (a counting pass, then the rows placed as they are read): the same plan, the same scores per
 * batch and the same value counts, whatever the partitioning, with batches spanning partitions,
 * invalid rows and a scored remainder.
 */
class EncodedScanTest extends SparkTestBase {
    private static final List<String> HEADER = List.of("f3", "label", "f40", "f900");
    private static final int BATCH = 2000;
    private static final CompatOptions OPTIONS = new CompatOptions(null, 1, BATCH, null, null, null, null, null, null, null,
            null, null, null);
    private static final RowBatches.LineParser<String[]> FIELDS = fields -> fields;
    private static final List<String[]> ROWS = new ArrayList<>();

    @BeforeAll
    static void rows() {
        Random random = new Random(7);
        for (int i = 0; i < 9_150; i++) {
            int f3 = random.nextInt(3);
            String label = (f3 == 0) ^ (random.nextDouble() < 0.2) ? "1" : "0";
            String f40 = random.nextDouble() < 0.1 ? "" : "v" + random.nextInt(40);
            String f900 = random.nextDouble() < 0.05 ? null : random.nextInt(900) + (random.nextBoolean() ? "" : " long value");
            ROWS.add(i % 181 == 0 ? new String[] {"x", "y"} : new String[] {String.valueOf(f3), label, f40, f900});
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void oneReadGivesWhatTheCountingPassGives(int partitions) {
        JavaRDD<String[]> lines = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(ROWS, partitions);
        RowBatches<String[]> counted = new RowBatches<>(lines, false, HEADER.size(), 1, BATCH, FIELDS);
        EncodedScan<String[]> scan = counted.encodedScan();
        try {
            RowBatches.Plan plan = scan.plan();
            // 51 of the 9,150 rows (every 181st) have two fields: 9,099 kept, 4 full batches, a remainder of 1,099 (> 1,024).
            assertThat(plan).isEqualTo(new RowBatches.Plan(9_150, 9_099, 51, 4, 1_099, true));
            assertThat(counted.plan()).isEqualTo(plan);

            List<TaskAggregate> expected = counted.score(RowBatches.encoded(HEADER, "label", OPTIONS, plan.fullBatches(), FIELDS),
                    2).collect();
            List<TaskAggregate> actual = scan.score(HEADER, "label", OPTIONS, 2).collect();
            assertThat(scores(actual)).hasSize(5).isEqualTo(scores(expected));
            assertThat(valueCounts(actual)).isEqualTo(valueCounts(expected));
            assertThat(valueCounts(actual).get("f3").values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(4 * BATCH + 1_099);
        } finally {
            scan.release();
            counted.release();
        }
    }

    /** Per batch: its scores by pair, its coverage and memory. */
    private static Map<Long, List<Object>> scores(List<TaskAggregate> aggregates) {
        Map<Long, List<Object>> batches = new TreeMap<>();
        for (TaskAggregate aggregate : aggregates) {
            for (BatchResult r : aggregate.batches) {
                Map<String, Double> scores = new TreeMap<>();
                for (int i = 0; i < r.scores().length; i++) {
                    scores.put(r.first()[i] + "/" + r.second()[i], r.scores()[i]);
                }
                List<Object> figures = new ArrayList<>();
                figures.add(scores);
                figures.add(r.full());
                figures.add(java.util.Arrays.toString(r.coverage()));
                figures.add(java.util.Arrays.toString(r.memory()));
                assertThat(batches.put(r.batch(), figures)).as("batch %d scored once", r.batch()).isNull();
            }
        }
        return batches;
    }

    /** Per column: rows per value (a short value by its key, None by its key, a longer one by its String). */
    private static Map<String, Map<String, Long>> valueCounts(List<TaskAggregate> aggregates) {
        Map<String, Map<String, Long>> columns = new HashMap<>();
        for (TaskAggregate aggregate : aggregates) {
            for (ColumnValues column : aggregate.values) {
                Map<String, Long> counts = columns.computeIfAbsent(column.column(), c -> new TreeMap<>());
                for (int i = 0; i < column.counts().length; i++) {
                    String value = column.values()[i] != null ? column.values()[i] : "key " + column.keys()[i];
                    counts.merge(value, column.counts()[i], Long::sum);
                }
            }
        }
        return columns;
    }
}
