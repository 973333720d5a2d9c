package dev.rashomon.multiplicity;

/**
 * Rashomon capacity of one row (Hsu and Calmon, NeurIPS 2022): the members' class-probability
 * vectors are the rows of a channel W (models × classes), and
 *
 * <pre>
 * C  = max_π Σ_h π_h Σ_k W[h,k] log2(W[h,k] / Σ_h' π_h' W[h',k])     (bits)
 * RC = 2^C ∈ [1, classes]
 * </pre>
 * RC is 1 when every member gives the same vector and reaches the number of classes when, for
 * every class, some member is certain of it.
 */
public final class RashomonCapacity {
    private static final double LN2 = Math.log(2);

    private RashomonCapacity() {
    }

    /** The outcome of Blahut–Arimoto: certified bounds on C (bits) and the iterations used. */
    public record Bounds(double lower, double upper, int iterations) {
        /** The capacity estimate: the lower bound, which is the mutual information at the final π. */
        public double bits() {
            return lower;
        }
    }

    /**
     * Blahut–Arimoto with the sandwich stopping rule {@code Σ π_h D_h ≤ C ≤ max_h D_h}, where
     * D_h = KL(W_h ‖ πW): it stops when the gap is below {@code absoluteTolerance} bits, or below
     * {@code relativeTolerance} times the lower bound (rows that are nearly identical make the gap
     * close slowly while the lower bound is already accurate). Update: π_h ← π_h·exp(D_h)/Z.
     *
     * @param channel rows W_h, each a probability vector over the same classes
     */
    public static Bounds blahutArimoto(double[][] channel, double absoluteTolerance, double relativeTolerance,
                                       int maxIterations) {
        int models = channel.length;
        int classes = channel[0].length;
        double[] pi = new double[models];
        java.util.Arrays.fill(pi, 1.0 / models);
        double[] q = new double[classes];
        double[] divergence = new double[models];
        double lower = 0;
        double upper = Double.POSITIVE_INFINITY;
        int iteration = 0;
        while (true) {
            java.util.Arrays.fill(q, 0);
            for (int h = 0; h < models; h++) {
                for (int k = 0; k < classes; k++) {
                    q[k] += pi[h] * channel[h][k];
                }
            }
            lower = 0;
            upper = 0;
            for (int h = 0; h < models; h++) {
                double d = 0;
                for (int k = 0; k < classes; k++) {
                    double w = channel[h][k];
                    if (w > 0) {
                        d += w * Math.log(w / q[k]);
                    }
                }
                divergence[h] = d;
                lower += pi[h] * d;
                upper = Math.max(upper, d);
            }
            lower = Math.max(0, lower) / LN2;
            upper = upper / LN2;
            double gap = upper - lower;
            if (gap < absoluteTolerance || gap < relativeTolerance * lower || iteration >= maxIterations) {
                return new Bounds(lower, upper, iteration);
            }
            double total = 0;
            for (int h = 0; h < models; h++) {
                pi[h] *= Math.exp(divergence[h]);
                total += pi[h];
            }
            for (int h = 0; h < models; h++) {
                pi[h] /= total;
            }
            iteration++;
        }
    }

    /**
     * The binary capacity in closed form from the row's score range [a, b] alone (capacity depends
     * only on the extreme points of the members' convex hull; reference 2.6):
     * <pre>
     * z = (h(b) − h(a)) / (b − a);  y* = 1 / (1 + 2^z);  C = h(y*) − h(a) − (y* − a)·z
     * </pre>
     * with h the binary entropy in bits; C = 0 when a = b.
     */
    public static double binaryBits(double min, double max) {
        return max > min ? binaryBits(min, max, entropyBits(min), entropyBits(max)) : 0.0;
    }

    /**
     * As {@link #binaryBits(double, double)} with h(a) and h(b) given, for a caller that keeps them while one end of
     * the range stays put (the same values, so the same bits).
     */
    static double binaryBits(double min, double max, double entropyMin, double entropyMax) {
        if (!(max > min)) {
            return 0.0;
        }
        double z = (entropyMax - entropyMin) / (max - min);
        double y = 1 / (1 + Math.pow(2, z));
        return Math.max(0.0, entropyBits(y) - entropyMin - (y - min) * z);
    }

    /** Binary entropy in bits, 0 at 0 and 1. */
    static double entropyBits(double p) {
        if (p <= 0 || p >= 1) {
            return 0.0;
        }
        return -(p * Math.log(p) + (1 - p) * Math.log1p(-p)) / LN2;
    }
}
