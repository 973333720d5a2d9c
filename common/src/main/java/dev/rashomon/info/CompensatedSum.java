package dev.rashomon.info;

/**
 * Neumaier's compensated summation: the error of adding many terms of different magnitude stays
 * at one rounding, independent of the number of terms.
 */
public final class CompensatedSum {
    private double sum;
    private double compensation;

    public void add(double term) {
        double t = sum + term;
        if (Math.abs(sum) >= Math.abs(term)) {
            compensation += (sum - t) + term;
        } else {
            compensation += (term - t) + sum;
        }
        sum = t;
    }

    public double value() {
        return sum + compensation;
    }
}
