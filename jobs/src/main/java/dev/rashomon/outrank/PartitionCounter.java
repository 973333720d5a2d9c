package dev.rashomon.outrank;

import dev.rashomon.dataset.RowVisitor;
import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import scala.Tuple2;

/**
 * Counts one partition: for every (feature, value) the rows per label class, in hash maps local to
 * the partition (the map-side combine), plus the class totals and row counters. Emits one record
 * per distinct (feature, value) when the partition is done.
 */
final class PartitionCounter implements RowVisitor {
    private final int maxClasses;
    private final int maxBadRowExamples;
    private final Map<String, Map<String, long[]>> byFeature = new HashMap<>();
    private final Map<String, Integer> classIndex = new HashMap<>();
    private final List<String> classes = new ArrayList<>();
    private long[] classTotals = new long[4];
    private int currentClass;
    private long rowsRead;
    private long rowsSampledOut;
    private long badRows;
    private final List<String> badRowExamples = new ArrayList<>();
    private String lastFeature;
    private Map<String, long[]> lastValues;

    PartitionCounter(int maxClasses, int maxBadRowExamples) {
        this.maxClasses = maxClasses;
        this.maxBadRowExamples = maxBadRowExamples;
    }

    @Override
    public void row(String labelClass) {
        rowsRead++;
        Integer index = classIndex.get(labelClass);
        if (index == null) {
            if (classes.size() == maxClasses) {
                throw new UserError("the label has more than label.max_classes=" + maxClasses
                        + " classes (e.g. '" + labelClass + "'); for a numeric label set label.threshold");
            }
            index = classes.size();
            classIndex.put(labelClass, index);
            classes.add(labelClass);
            if (index == classTotals.length) {
                classTotals = Arrays.copyOf(classTotals, index * 2);
            }
        }
        currentClass = index;
        classTotals[index]++;
    }

    @Override
    public void value(String feature, String value) {
        if (!feature.equals(lastFeature)) {
            lastFeature = feature;
            lastValues = byFeature.computeIfAbsent(feature, f -> new HashMap<>());
        }
        long[] counts = lastValues.get(value);
        if (counts == null) {
            counts = new long[classes.size()];
            lastValues.put(value, counts);
        } else if (counts.length <= currentClass) {
            counts = Arrays.copyOf(counts, classes.size());
            lastValues.put(value, counts);
        }
        counts[currentClass]++;
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
                .flatMap(feature -> feature.getValue().entrySet().stream()
                        .map(value -> new Tuple2<>(new FeatureValue(feature.getKey(), value.getKey()),
                                new ClassCounts(sorted, reorder(value.getValue(), position, sorted.length)))));
        return Stream.concat(summary.stream(), values).iterator();
    }

    private static long[] reorder(long[] counts, int[] position, int size) {
        long[] ordered = new long[size];
        for (int i = 0; i < Math.min(counts.length, size); i++) {
            ordered[position[i]] = counts[i];
        }
        return ordered;
    }
}
