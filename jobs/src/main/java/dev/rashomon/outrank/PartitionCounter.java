package dev.rashomon.outrank;

import dev.rashomon.dataset.RowVisitor;
import dev.rashomon.run.UserError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import scala.Tuple2;

/**
 * Counts one partition: for every (feature, value) the rows per label class, in {@link ValueSlots}
 * local to the partition (the map-side combine), plus the class totals and row counters. Emits one
 * record per distinct (feature, value) when the partition is done. Rows arrive one by one through
 * the {@link RowVisitor} calls, or a column at a time from {@link ColumnarCounter}.
 */
final class PartitionCounter implements RowVisitor {
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
    private String lastFeature;
    private ValueSlots lastValues;

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

    /** The partition's records: one per (feature, value), then the summary. */
    Iterator<Tuple2<FeatureValue, ClassCounts>> records() {
        // Sorting the partition's classes once lets records from partitions with equal class sets
        // merge element by element.
        String[] sorted = classes.stream().sorted().toArray(String[]::new);
        int[] position = new int[classes.size()];
        for (int i = 0; i < sorted.length; i++) {
            position[classIndex.get(sorted[i])] = i;
        }
        List<Tuple2<FeatureValue, ClassCounts>> summary = new ArrayList<>();
        summary.add(new Tuple2<>(FeatureValue.summary(FeatureValue.CLASS_TOTALS),
                new ClassCounts(sorted, reorder(classTotals, position, sorted.length))));
        summary.add(new Tuple2<>(FeatureValue.summary(FeatureValue.ROWS_READ), ClassCounts.of(rowsRead)));
        summary.add(new Tuple2<>(FeatureValue.summary(FeatureValue.ROWS_SAMPLED_OUT), ClassCounts.of(rowsSampledOut)));
        summary.add(new Tuple2<>(FeatureValue.summary(FeatureValue.BAD_ROWS), ClassCounts.of(badRows)));
        for (String example : badRowExamples) {
            summary.add(new Tuple2<>(FeatureValue.summary(FeatureValue.BAD_ROW_EXAMPLE + example), ClassCounts.of(1)));
        }
        Stream<Tuple2<FeatureValue, ClassCounts>> values = byFeature.entrySet().stream()
                .flatMap(feature -> records(feature.getKey(), feature.getValue(), sorted, position));
        return Stream.concat(summary.stream(), values).iterator();
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

    private static long[] reorder(long[] counts, int[] position, int size) {
        long[] ordered = new long[size];
        for (int i = 0; i < Math.min(counts.length, size); i++) {
            ordered[position[i]] = counts[i];
        }
        return ordered;
    }
}
