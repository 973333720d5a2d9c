package dev.rashomon.multiplicity;

import dev.rashomon.info.ExactSum;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The exact sum of finite doubles as one long fixed-point number (a Kulisch accumulator): every double is an
 * integer multiple of 2^-1074, so its mantissa is added, shifted into place, to 32-bit digits held in longs.
 * No rounding happens, so the sum is exact and independent of order, like {@link ExactSum}, and equals it to the
 * last bit ({@link #toExactSum()} hands the value over). It costs a few integer operations per term instead of
 * an expansion walk, which matters in the per-row loop that adds hundreds of terms per row.
 *
 * <p>Only the digits the terms reach are stored (a window that grows on demand), so a sum of values of similar
 * magnitude holds a handful of longs.
 */
final class FixedPointSum implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long DIGIT = 0xFFFFFFFFL;
    /** Each add puts less than 2^32 into a digit; normalising before 2^30 adds keeps every long far from overflow. */
    private static final int ADDS_BETWEEN_CARRIES = 1 << 30;

    /** digits[k] weighs 2^(32·(lowest + k) − 1074); after {@link #carry()} all but the top are in [0, 2^32). */
    private long[] digits = new long[0];
    private int lowest;
    private int pending;

    /** Adds a finite term exactly. */
    void add(double term) {
        long bits = Double.doubleToRawLongBits(term);
        int exponent = (int) (bits >>> 52) & 0x7FF;
        if (exponent == 0x7FF) {
            throw new IllegalArgumentException("FixedPointSum takes finite terms, got " + term);
        }
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) {
            if (mantissa == 0) {
                return;
            }
            exponent = 1;
        } else {
            mantissa |= 1L << 52;
        }
        // term = ±mantissa · 2^(exponent − 1075): its lowest bit sits at position exponent − 1 above 2^-1074.
        int position = exponent - 1;
        int digit = position >>> 5;
        int shift = position & 31;
        long low = mantissa << shift;
        long high = shift == 0 ? 0 : mantissa >>> (64 - shift);
        int at = reach(digit, digit + 2);
        if (bits < 0) {
            digits[at] -= low & DIGIT;
            digits[at + 1] -= low >>> 32;
            digits[at + 2] -= high;
        } else {
            digits[at] += low & DIGIT;
            digits[at + 1] += low >>> 32;
            digits[at + 2] += high;
        }
        if (++pending == ADDS_BETWEEN_CARRIES) {
            carry();
        }
    }

    /** Adds x·x exactly as {@link ExactSum#addSquare} does: the rounded product and its rounding error. */
    void addSquare(double x) {
        double product = x * x;
        add(product);
        add(Math.fma(x, x, -product));
    }

    /**
     * Adds value × count exactly, the same total as adding the value once per row: the rounded product plus its
     * error (by fused multiply-add; the count is an integer below 2^53). Both are exact unless the error would
     * underflow or the product overflow, which values below 2^-400 or above 2^900 avoid by being added row by row.
     */
    void addTimes(double value, long count) {
        if (rowByRow(value, count)) {
            for (long i = 0; i < count; i++) {
                add(value);
            }
            return;
        }
        addProduct(value, count);
    }

    /**
     * Adds value² × count exactly, the same total as {@link #addSquare} once per row: the square is its rounded
     * product plus that product's error, and each of those times the count is split the same way.
     */
    void addSquareTimes(double value, long count) {
        if (rowByRow(value, count)) {
            for (long i = 0; i < count; i++) {
                addSquare(value);
            }
            return;
        }
        double square = value * value;
        addProduct(square, count);
        addProduct(Math.fma(value, value, -square), count);
    }

    private static boolean rowByRow(double value, long count) {
        return count == 1 || Math.abs(value) < 0x1p-400 || Math.abs(value) > 0x1p900;
    }

    /** Adds a·c exactly: the rounded product and its error. */
    private void addProduct(double a, double c) {
        double product = a * c;
        add(product);
        add(Math.fma(a, c, -product));
    }

    /** Adds another sum. */
    void merge(FixedPointSum other) {
        other.carry();
        if (other.digits.length == 0) {
            return;
        }
        int at = reach(other.lowest, other.lowest + other.digits.length - 1);
        for (int k = 0; k < other.digits.length; k++) {
            digits[at + k] += other.digits[k];
        }
        carry();
    }

    /** The same value as an {@link ExactSum}, for its means and standard deviations. */
    ExactSum toExactSum() {
        carry();
        boolean negative = digits.length > 0 && digits[digits.length - 1] < 0;
        // Hand over the magnitude digit by digit: a negative total is two's complement in the top digit.
        FixedPointSum magnitude = this;
        if (negative) {
            magnitude = new FixedPointSum();
            magnitude.lowest = lowest;
            magnitude.digits = new long[digits.length];
            for (int k = 0; k < digits.length; k++) {
                magnitude.digits[k] = -digits[k];
            }
            magnitude.carry();
        }
        ExactSum sum = new ExactSum();
        for (int k = 0; k < magnitude.digits.length; k++) {
            int weight = 32 * (lowest + k) - 1074;
            // Each part is an integer below 2^32 times a power of two ≥ 2^-1074: a double, converted exactly.
            long low = magnitude.digits[k] & DIGIT;
            long high = magnitude.digits[k] >> 32;
            if (low != 0) {
                sum.add(Math.scalb(negative ? -(double) low : (double) low, weight));
            }
            if (high != 0) {
                sum.add(Math.scalb(negative ? -(double) high : (double) high, weight + 32));
            }
        }
        return sum;
    }

    /** Propagates carries so that every digit but the top one is in [0, 2^32); the top one keeps the sign. */
    private void carry() {
        pending = 0;
        long carry = 0;
        int top = digits.length - 1;
        for (int k = 0; k < top; k++) {
            long value = digits[k] + carry;
            digits[k] = value & DIGIT;
            carry = value >> 32;
        }
        if (top >= 0) {
            digits[top] += carry;
        }
    }

    /** Widens the window to cover digits {@code from..to}; returns the array index of {@code from}. */
    private int reach(int from, int to) {
        if (digits.length == 0) {
            digits = new long[to - from + 1];
            lowest = from;
            return 0;
        }
        int highest = lowest + digits.length - 1;
        if (from >= lowest && to <= highest) {
            return from - lowest;
        }
        int newLowest = Math.min(lowest, from);
        int newHighest = Math.max(highest, to);
        long[] wider = new long[newHighest - newLowest + 1];
        System.arraycopy(digits, 0, wider, lowest - newLowest, digits.length);
        digits = wider;
        lowest = newLowest;
        return from - lowest;
    }

    @Override
    public String toString() {
        return "FixedPointSum" + Arrays.toString(digits) + "·2^(32·(" + lowest + "+k)−1074)";
    }
}
