package dev.rashomon.outrank;

import java.io.Serializable;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * Row counts per label class of one (feature, value), or of a summary key. Classes are named, not
 * numbered, because each partition discovers the label's classes on its own; labels are kept
 * sorted so that counts from partitions that saw the same classes add element by element.
 */
final class ClassCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    final String[] labels;
    final long[] counts;

    ClassCounts(String[] labels, long[] counts) {
        this.labels = labels;
        this.counts = counts;
    }

    /** A single counter (summary keys). */
    static ClassCounts of(long count) {
        return new ClassCounts(new String[] {""}, new long[] {count});
    }

    long total() {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    /** The sum of two counts; may reuse this object's arrays. */
    ClassCounts merge(ClassCounts other) {
        if (labels == other.labels || Arrays.equals(labels, other.labels)) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
            return this;
        }
        TreeMap<String, Long> union = asMap();
        for (int i = 0; i < other.labels.length; i++) {
            union.merge(other.labels[i], other.counts[i], Long::sum);
        }
        return fromMap(union);
    }

    TreeMap<String, Long> asMap() {
        TreeMap<String, Long> map = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            map.merge(labels[i], counts[i], Long::sum);
        }
        return map;
    }

    static ClassCounts fromMap(TreeMap<String, Long> map) {
        return new ClassCounts(map.keySet().toArray(String[]::new),
                map.values().stream().mapToLong(Long::longValue).toArray());
    }
}
