package dev.rashomon.info;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/**
 * The exact sum of finite doubles, as a non-overlapping expansion (Shewchuk 1997, Grow-Expansion
 * with zero elimination): every addition is error-free, so the sum — and every mean or variance
 * derived from it — is the same whatever order the terms arrive in or how partial sums are
 * merged. That makes summaries of per-row measures independent of partitioning to the last digit.
 * The expansion usually holds two or three components.
 */
public final class ExactSum implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final MathContext WIDE = new MathContext(50);

    private double[] components = new double[4];
    private int length;

    /** Adds a finite term exactly. */
    public void add(double term) {
        if (!Double.isFinite(term)) {
            throw new IllegalArgumentException("ExactSum takes finite terms, got " + term);
        }
        double q = term;
        int kept = 0;
        for (int i = 0; i < length; i++) {
            double e = components[i];
            double sum = q + e;
            double virtual = sum - q;
            double error = (q - (sum - virtual)) + (e - virtual);
            q = sum;
            if (error != 0) {
                components[kept++] = error;
            }
        }
        if (q != 0) {
            if (kept == components.length) {
                components = Arrays.copyOf(components, kept * 2);
            }
            components[kept++] = q;
        }
        length = kept;
    }

    /** Adds x·x exactly: the rounded product and its rounding error (by fused multiply-add). */
    public void addSquare(double x) {
        double product = x * x;
        add(product);
        add(Math.fma(x, x, -product));
    }

    /** Adds every component of another sum. */
    public void merge(ExactSum other) {
        for (int i = 0; i < other.length; i++) {
            add(other.components[i]);
        }
    }

    /** The exact value. */
    public BigDecimal exact() {
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < length; i++) {
            total = total.add(new BigDecimal(components[i]));
        }
        return total;
    }

    /** The sum rounded once to a double. */
    public double value() {
        return exact().doubleValue();
    }

    /** The mean of {@code count} terms, rounded once; NaN for no terms. */
    public double mean(long count) {
        return count == 0 ? Double.NaN : exact().divide(BigDecimal.valueOf(count), WIDE).doubleValue();
    }

    /**
     * The standard deviation of {@code count} terms with {@code ddof} delta degrees of freedom,
     * from exact sums of the terms and of their squares: (n·Σx² − (Σx)²) / (n·(n − ddof)) has no
     * cancellation in exact arithmetic. NaN when count ≤ ddof.
     */
    public static double standardDeviation(ExactSum sum, ExactSum sumOfSquares, long count, int ddof) {
        if (count <= ddof) {
            return Double.NaN;
        }
        BigDecimal s = sum.exact();
        BigDecimal n = BigDecimal.valueOf(count);
        BigDecimal numerator = sumOfSquares.exact().multiply(n).subtract(s.multiply(s));
        BigDecimal variance = numerator.divide(n.multiply(BigDecimal.valueOf(count - ddof)), WIDE);
        return variance.signum() <= 0 ? 0.0 : variance.sqrt(WIDE).doubleValue();
    }
}
