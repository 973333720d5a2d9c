package dev.rashomon.outrank;

import dev.rashomon.info.CountHistogram;
import dev.rashomon.outrank.compat.PythonFormat;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.TreeMap;

/**
 * Everything the scores and the profile of one feature need from its contingency table, as exact
 * integers: the histogram of value totals, the histogram of non-zero cell counts, the rows per
 * class that have a value, and the most frequent value. Merging is associative and commutative,
 * so the result does not depend on partitioning or order.
 */
final class FeatureCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    final CountHistogram valueTotals = new CountHistogram();
    final CountHistogram cellCounts = new CountHistogram();
    final TreeMap<String, Long> presentByClass = new TreeMap<>();
    String topValue;
    long topCount;
    /** Σ rows × UTF-8 bytes of the stripped value: OutRank's memory per value, times rows. */
    long valueBytes;
    /** Rows whose value is a number, and those numbers' least, greatest and exact sum. */
    long numericRows;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    BigDecimal numericSum = BigDecimal.ZERO;

    /** Adds one value of the feature with its class counts. */
    FeatureCounts add(String value, ClassCounts counts) {
        long total = 0;
        for (int i = 0; i < counts.counts.length; i++) {
            long count = counts.counts[i];
            if (count > 0) {
                cellCounts.add(count, 1);
                presentByClass.merge(counts.labels[i], count, Long::sum);
                total += count;
            }
        }
        if (total > 0) {
            valueTotals.add(total, 1);
            considerTop(value, total);
            valueBytes += total * PythonFormat.utf8Length(PythonFormat.strip(value));
            double number = number(value);
            if (!Double.isNaN(number)) {
                numericRows += total;
                min = Math.min(min, number);
                max = Math.max(max, number);
                numericSum = numericSum.add(new BigDecimal(number).multiply(BigDecimal.valueOf(total)));
            }
        }
        return this;
    }

    FeatureCounts merge(FeatureCounts other) {
        valueTotals.merge(other.valueTotals);
        cellCounts.merge(other.cellCounts);
        other.presentByClass.forEach((label, count) -> presentByClass.merge(label, count, Long::sum));
        if (other.topValue != null) {
            considerTop(other.topValue, other.topCount);
        }
        valueBytes += other.valueBytes;
        numericRows += other.numericRows;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        numericSum = numericSum.add(other.numericSum);
        return this;
    }

    /** The most frequent value; ties go to the smallest value, so the choice is deterministic. */
    private void considerTop(String value, long count) {
        if (count > topCount || (count == topCount && (topValue == null || value.compareTo(topValue) < 0))) {
            topValue = value;
            topCount = count;
        }
    }

    /** The totals of every category over {@code rows} rows: the values, and the missing rows as one more. */
    CountHistogram categories(long rows) {
        CountHistogram histogram = new CountHistogram();
        histogram.merge(valueTotals);
        if (rows > presentRows()) {
            histogram.add(rows - presentRows(), 1);
        }
        return histogram;
    }

    /** Rows where the feature has a value. */
    long presentRows() {
        return valueTotals.total();
    }

    /** Distinct values. */
    long cardinality() {
        return valueTotals.items();
    }

    /** The value as a finite number, or NaN when it is not one. */
    static double number(String value) {
        if (value.isEmpty() || value.length() > 40) {
            return Double.NaN;
        }
        char first = value.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return Double.NaN;
        }
        try {
            double number = Double.parseDouble(value);
            return Double.isFinite(number) ? number : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Distinct values seen in more than {@code times} rows. */
    long valuesSeenMoreThan(long times) {
        long values = 0;
        for (long count : valueTotals.sortedCounts()) {
            if (count > times) {
                values += valueTotals.multiplicity(count);
            }
        }
        return values;
    }

    /** Whether every present value is a number. */
    boolean isNumeric() {
        return presentRows() > 0 && numericRows == presentRows();
    }

    /** Values seen in exactly one row. */
    long singletons() {
        return valueTotals.multiplicity(1);
    }
}
