package dev.rashomon.outrank;

import dev.rashomon.dataset.RowVisitor;
import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import scala.Tuple2;

/**
 * Counts one partition: for every (feature, value) the rows per label class, in {@link ValueSlots}
 * local to the partition (the map-side combine), plus the class totals and row counters. Rows
 * arrive one by one through the {@link RowVisitor} calls, or a column at a time from
 * {@link ColumnarCounter}. When the partition is done its counts leave as one {@link CountBlock}
 * per reduce partition; on the reduce side a counter of the same kind merges the blocks, and is
 * what the counting pass persists.
 */
final class PartitionCounter implements RowVisitor, Serializable {
    private static final long serialVersionUID = 1L;
    private final int maxClasses;
    private final int maxBadRowExamples;
    private final Map<String, ValueSlots> byFeature = new HashMap<>();
    private final Map<String, Integer> classIndex = new HashMap<>();
    private final List<String> classes = new ArrayList<>();
    /** Counts per slot in every feature's table: grows when a class index reaches it. */
    private int width = 2;
    private long[] classTotals = new long[width];
    private int currentClass;
    private long rowsRead;
    private long rowsSampledOut;
    private long badRows;
    private final List<String> badRowExamples = new ArrayList<>();
    private transient String lastFeature;
    private transient ValueSlots lastValues;

    PartitionCounter(int maxClasses, int maxBadRowExamples) {
        this.maxClasses = maxClasses;
        this.maxBadRowExamples = maxBadRowExamples;
    }

    @Override
    public void row(String labelClass) {
        countRow(classIndex(labelClass));
    }

    /** The index of a label class, given the first time it is seen. */
    int classIndex(String labelClass) {
        Integer index = classIndex.get(labelClass);
        if (index != null) {
            return index;
        }
        if (classes.size() == maxClasses) {
            throw new UserError("the label has more than label.max_classes=" + maxClasses
                    + " classes (e.g. '" + labelClass + "'); for a numeric label set label.threshold");
        }
        int added = classes.size();
        classIndex.put(labelClass, added);
        classes.add(labelClass);
        if (added == width) {
            width *= 2;
            classTotals = Arrays.copyOf(classTotals, width);
            byFeature.values().forEach(values -> values.widen(width));
        }
        return added;
    }

    /** A good row of the class with this index. */
    void countRow(int labelClass) {
        rowsRead++;
        currentClass = labelClass;
        classTotals[labelClass]++;
    }

    /** Counts per value in the feature tables: at least the number of classes seen so far. */
    int classWidth() {
        return width;
    }

    /** The table of a feature's values, created empty the first time. */
    ValueSlots values(String feature) {
        return byFeature.computeIfAbsent(feature, f -> new ValueSlots(width));
    }

    @Override
    public void value(String feature, String value) {
        if (!feature.equals(lastFeature)) {
            lastFeature = feature;
            lastValues = values(feature);
        }
        lastValues.add(lastValues.slotOf(value.getBytes(StandardCharsets.UTF_8)), currentClass);
    }

    @Override
    public void sampledOut() {
        rowsRead++;
        rowsSampledOut++;
    }

    @Override
    public void badRow(String reason, String file, String record) {
        rowsRead++;
        badRows++;
        if (badRowExamples.size() < maxBadRowExamples) {
            badRowExamples.add(BadRow.encode(reason, file, record));
        }
    }

    /**
     * The map side's output: one block per reduce partition, each with the (feature, value) counts
     * whose key hashes there; the block for partition 0 also carries the row counters.
     */
    Iterator<Tuple2<Integer, CountBlock>> blocks(int partitions) {
        String[] names = classes.toArray(String[]::new);
        CountBlock.Writer[] writers = new CountBlock.Writer[partitions];
        Arrays.setAll(writers, p -> new CountBlock.Writer());
        for (Map.Entry<String, ValueSlots> feature : byFeature.entrySet()) {
            int featureHash = feature.getKey().hashCode();
            ValueSlots values = feature.getValue();
            for (CountBlock.Writer writer : writers) {
                writer.startFeature(feature.getKey());
            }
            for (int slot = 0; slot < values.size(); slot++) {
                if (values.total(slot) == 0) {
                    continue; // a missing value's slot
                }
                CountBlock.Writer writer = writers[partitionOf(featureHash, values.hashOf(slot), partitions)];
                writer.startValue(values.keyBytes(), values.keyOffset(slot), values.keyLength(slot));
                for (int c = 0; c < names.length; c++) {
                    writer.count(values.count(slot, c));
                }
            }
            for (CountBlock.Writer writer : writers) {
                writer.endFeature();
            }
        }
        List<Tuple2<Integer, CountBlock>> blocks = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            blocks.add(new Tuple2<>(p, writers[p].finish(names, p == 0 ? tally(names) : null)));
        }
        return blocks.iterator();
    }

    /**
     * A block with the row counters and no value counts: how the counters travel to the driver
     * (plain classes, which any serializer handles; Kryo cannot build records).
     */
    CountBlock tallyBlock() {
        String[] names = classes.toArray(String[]::new);
        return new CountBlock.Writer().finish(names, tally(names));
    }

    private CountBlock.Tally tally(String[] names) {
        return new CountBlock.Tally(Arrays.copyOf(classTotals, names.length), rowsRead, rowsSampledOut, badRows,
                badRowExamples.toArray(String[]::new));
    }

    /** The reduce partition of a (feature, value) key, from the feature's and the value's hashes. */
    static int partitionOf(int featureHash, int valueHash, int partitions) {
        return Math.floorMod(31 * featureHash + valueHash, partitions);
    }

    /** Adds a block from a map task: its counts, and its row counters if it has them. */
    void merge(CountBlock block) {
        int[] classOf = new int[block.classes.length];
        for (int c = 0; c < classOf.length; c++) {
            classOf[c] = classIndex(block.classes[c]);
        }
        if (block.tally != null) {
            CountBlock.Tally tally = block.tally;
            for (int c = 0; c < classOf.length; c++) {
                classTotals[classOf[c]] += tally.classTotals[c];
            }
            rowsRead += tally.rowsRead;
            rowsSampledOut += tally.rowsSampledOut;
            badRows += tally.badRows;
            badRowExamples.addAll(Arrays.asList(tally.badRowExamples));
        }
        CountBlock.Reader in = block.reader();
        while (in.nextFeature()) {
            ValueSlots values = values(in.feature());
            while (in.nextValue()) {
                int slot = values.slotOf(in.bytes(), in.valueOffset(), in.valueLength());
                for (int c : classOf) {
                    long rows = in.count();
                    if (rows > 0) {
                        values.add(slot, c, rows);
                    }
                }
            }
        }
    }

    /** The row counters; the bad-row examples of every merged task, unsorted and uncut. */
    ScanSummary summary() {
        TreeMap<String, Long> totals = new TreeMap<>();
        for (int c = 0; c < classes.size(); c++) {
            totals.put(classes.get(c), classTotals[c]);
        }
        return new ScanSummary(totals, rowsRead, rowsSampledOut, badRows,
                badRowExamples.stream().map(BadRow::decode).toList());
    }

    /** One record per (feature, value) with at least one row, made as it is read. */
    Iterator<Tuple2<FeatureValue, ClassCounts>> valueRecords() {
        // Sorting the classes once lets records from partitions with equal class sets merge element by element.
        String[] sorted = classes.stream().sorted().toArray(String[]::new);
        int[] position = new int[classes.size()];
        for (int i = 0; i < sorted.length; i++) {
            position[classIndex.get(sorted[i])] = i;
        }
        return byFeature.entrySet().stream()
                .flatMap(feature -> records(feature.getKey(), feature.getValue(), sorted, position))
                .iterator();
    }

    /** A feature's values with at least one row (a missing value's slot stays at zero). */
    private static Stream<Tuple2<FeatureValue, ClassCounts>> records(String feature, ValueSlots values, String[] sorted,
                                                                    int[] position) {
        return IntStream.range(0, values.size()).filter(slot -> values.total(slot) > 0).mapToObj(slot -> {
            long[] counts = new long[sorted.length];
            for (int c = 0; c < sorted.length; c++) {
                counts[position[c]] = values.count(slot, c);
            }
            return new Tuple2<>(new FeatureValue(feature, values.value(slot)), new ClassCounts(sorted, counts));
        });
    }
}
