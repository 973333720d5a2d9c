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
    /** Rows with a value, per class: a mutable cell per class, so that adding a value costs no map look-up. */
    private final TreeMap<String, long[]> presentByClass = new TreeMap<>();
    /** The cells of the label array seen last (values of one partition share one array). */
    private transient String[] cachedLabels;
    private transient long[][] cachedCells;
    String topValue;
    long topCount;
    /** Σ rows × UTF-8 bytes of the stripped value: OutRank's memory per value, times rows. */
    long valueBytes;
    /** Rows whose value is a number, and those numbers' least, greatest and exact sum. */
    long numericRows;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    /** The exact sum of the numbers times their rows: integer terms in a long while it cannot overflow, the rest here. */
    private long integerSum;
    private BigDecimal otherSum = BigDecimal.ZERO;

    /** Adds one value of the feature with its class counts. */
    FeatureCounts add(String value, ClassCounts counts) {
        long[][] cells = cellsOf(counts.labels);
        long total = 0;
        for (int i = 0; i < counts.counts.length; i++) {
            long count = counts.counts[i];
            if (count > 0) {
                cellCounts.add(count, 1);
                cells[i][0] += count;
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
                addToSum(number, total);
            }
        }
        return this;
    }

    private long[][] cellsOf(String[] labels) {
        if (labels != cachedLabels) {
            cachedCells = new long[labels.length][];
            for (int i = 0; i < labels.length; i++) {
                cachedCells[i] = presentByClass.computeIfAbsent(labels[i], label -> new long[1]);
            }
            cachedLabels = labels;
        }
        return cachedCells;
    }

    private void addToSum(double number, long rows) {
        if (number == Math.rint(number) && Math.abs(number) < 0x1p53) {
            long term = (long) number;
            long product = term * rows;
            if (Math.multiplyHigh(term, rows) == (product >> 63)) { // the product fits in a long
                addToSum(product);
                return;
            }
        }
        otherSum = otherSum.add(new BigDecimal(number).multiply(BigDecimal.valueOf(rows)));
    }

    private void addToSum(long term) {
        long sum = integerSum + term;
        if (((integerSum ^ sum) & (term ^ sum)) < 0) { // overflow: the sum's sign differs from both terms'
            otherSum = otherSum.add(BigDecimal.valueOf(term));
        } else {
            integerSum = sum;
        }
    }

    /** Σ number × rows over the numeric values, exactly. */
    BigDecimal numericSum() {
        return otherSum.add(BigDecimal.valueOf(integerSum));
    }

    /** Rows of the class with a value. */
    long presentRows(String label) {
        long[] cell = presentByClass.get(label);
        return cell == null ? 0 : cell[0];
    }

    FeatureCounts merge(FeatureCounts other) {
        valueTotals.merge(other.valueTotals);
        cellCounts.merge(other.cellCounts);
        other.presentByClass.forEach((label, count) -> presentByClass.computeIfAbsent(label, l -> new long[1])[0] += count[0]);
        cachedLabels = null;
        if (other.topValue != null) {
            considerTop(other.topValue, other.topCount);
        }
        valueBytes += other.valueBytes;
        numericRows += other.numericRows;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        otherSum = otherSum.add(other.otherSum);
        addToSum(other.integerSum);
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
        double integer = plainInteger(value);
        if (!Double.isNaN(integer)) {
            return integer;
        }
        try {
            double number = Double.parseDouble(value);
            return Double.isFinite(number) ? number : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * A value of 1 to 15 ASCII digits with an optional '-', as Double.parseDouble reads it (exactly,
     * since it is below 2^53; "-0" is −0.0), without its cost; NaN for anything else.
     */
    private static double plainInteger(String value) {
        int length = value.length();
        boolean negative = value.charAt(0) == '-';
        int start = negative ? 1 : 0;
        if (length == start || length - start > 15) {
            return Double.NaN;
        }
        long number = 0;
        for (int i = start; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return Double.NaN;
            }
            number = number * 10 + (c - '0');
        }
        return negative ? -(double) number : number;
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
