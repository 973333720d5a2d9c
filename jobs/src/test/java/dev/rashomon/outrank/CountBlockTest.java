package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The counting shuffle's blocks: what map tasks pack, reduce tasks merge to the same counts. */
class CountBlockTest {

    @Test
    void readsBackWhatWasWrittenIncludingLongCountsAndEmptyValues() {
        CountBlock.Writer writer = new CountBlock.Writer();
        byte[] buffer = "..é..".getBytes(StandardCharsets.UTF_8);
        writer.startFeature("color");
        writer.startValue(buffer, 2, 2); // "é"
        writer.count(0);
        writer.count(5_000_000_000L);
        writer.startValue(buffer, 0, 0); // ""
        writer.count(127);
        writer.count(128);
        writer.endFeature();
        writer.startFeature("empty");
        writer.endFeature();
        CountBlock block = writer.finish(new String[] {"0", "1"}, null);

        CountBlock.Reader in = block.reader();
        assertThat(in.nextFeature()).isTrue();
        assertThat(in.feature()).isEqualTo("color");
        assertThat(in.nextValue()).isTrue();
        assertThat(new String(in.bytes(), in.valueOffset(), in.valueLength(), StandardCharsets.UTF_8))
                .isEqualTo("é");
        assertThat(in.count()).isZero();
        assertThat(in.count()).isEqualTo(5_000_000_000L);
        assertThat(in.nextValue()).isTrue();
        assertThat(in.valueLength()).isZero();
        assertThat(in.count()).isEqualTo(127);
        assertThat(in.count()).isEqualTo(128);
        assertThat(in.nextValue()).isFalse();
        assertThat(in.nextFeature()).isTrue();
        assertThat(in.feature()).isEqualTo("empty");
        assertThat(in.nextValue()).isFalse();
        assertThat(in.nextFeature()).isFalse();
    }

    /**
     * Three map tasks that meet the classes in different orders (one never sees class "c"), four
     * reduce partitions: the merged partitions hold every (feature, value) once, with the counts a
     * single counter over all rows gives, and the row counters arrive once.
     */
    @Test
    void mergedBlocksEqualOneCounterOverAllRows() {
        SplittableRandom random = new SplittableRandom(11);
        String[][] classOrders = {{"b", "a", "c"}, {"a", "b"}, {"c", "b", "a"}};
        PartitionCounter whole = new PartitionCounter(10, 5);
        List<PartitionCounter> tasks = new ArrayList<>();
        for (String[] order : classOrders) {
            PartitionCounter task = new PartitionCounter(10, 5);
            for (int row = 0; row < 20_000; row++) {
                String label = order[row < order.length ? row : random.nextInt(order.length)];
                String city = "city" + random.nextInt(3_000);
                String flag = random.nextInt(4) == 0 ? "yes" : "no";
                for (PartitionCounter counter : List.of(task, whole)) {
                    counter.row(label);
                    counter.value("city", city);
                    counter.value("flag", flag);
                }
            }
            task.badRow("label is empty", "part-0", "x,,y");
            whole.badRow("label is empty", "part-0", "x,,y");
            tasks.add(task);
        }
        int partitions = 4;
        PartitionCounter[] reduce = new PartitionCounter[partitions];
        for (int p = 0; p < partitions; p++) {
            reduce[p] = new PartitionCounter(10, 5);
        }
        for (PartitionCounter task : tasks) {
            for (Iterator<Tuple2<Integer, CountBlock>> blocks = task.blocks(partitions); blocks.hasNext(); ) {
                Tuple2<Integer, CountBlock> block = blocks.next();
                reduce[block._1()].merge(block._2());
            }
        }

        Map<String, Map<String, Long>> merged = new TreeMap<>();
        long rowsRead = 0;
        List<BadRow> examples = new ArrayList<>();
        Map<String, Long> classTotals = new TreeMap<>();
        for (PartitionCounter partition : reduce) {
            partition.valueRecords().forEachRemaining(record ->
                    assertThat(merged.put(record._1().toString(), nonZero(record._2()))).as("once: " + record._1()).isNull());
            ScanSummary summary = partition.summary();
            rowsRead += summary.rowsRead();
            examples.addAll(summary.badRowExamples());
            summary.classTotals().forEach((label, count) -> classTotals.merge(label, count, Long::sum));
        }
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        whole.valueRecords().forEachRemaining(record -> expected.put(record._1().toString(), nonZero(record._2())));
        assertThat(merged).hasSize(3_000 + 2).isEqualTo(expected);
        assertThat(rowsRead).isEqualTo(60_003);
        assertThat(examples).hasSize(3).allMatch(example -> example.file().equals("part-0") && example.record().equals("x,,y"));
        classTotals.values().removeIf(count -> count == 0);
        assertThat(classTotals).isEqualTo(new TreeMap<>(whole.summary().classTotals()));
        assertThat(classTotals.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(60_000);
    }

    private static Map<String, Long> nonZero(ClassCounts counts) {
        Map<String, Long> map = new HashMap<>(counts.asMap());
        map.values().removeIf(count -> count == 0);
        return new TreeMap<>(map);
    }
}
