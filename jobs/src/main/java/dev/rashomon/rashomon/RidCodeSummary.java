package dev.rashomon.rashomon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The median, quartiles and box-and-whisker range as the public RID code computes them
 * ({@code jdonnelly36/Rashomon_Importance_Distribution}), for comparison with its published
 * numbers. Per value, each set's share of members is summed over the sets and divided by their
 * number ({@code _read_vis_to_construct_rid}); the shares become repeat counts
 * {@code round(p / p_min)} (half to even, as pandas rounds); the repeated list is summarised with
 * numpy's {@code median} and linear {@code quantile}. Rounding the counts distorts the weights
 * (sets of 4 and 3 members get equal weight per value), so {@link ImportanceDistribution}'s
 * exact mixture is the main result.
 */
final class RidCodeSummary {
    final double median;
    final double q25;
    final double q75;

    /** @param groups each non-empty Rashomon set's values, in the order of the groups' names */
    RidCodeSummary(List<double[]> groups) {
        Map<Double, List<Double>> shares = new TreeMap<>();
        for (double[] group : groups) {
            Map<Double, Integer> counts = new TreeMap<>();
            for (double v : group) {
                counts.merge(v, 1, Integer::sum);
            }
            counts.forEach((v, c) -> shares.computeIfAbsent(v, k -> new ArrayList<>()).add((double) c / group.length));
        }
        double[] values = new double[shares.size()];
        double[] probability = new double[shares.size()];
        int i = 0;
        for (Map.Entry<Double, List<Double>> entry : shares.entrySet()) {
            double sum = 0;
            for (double p : entry.getValue()) {
                sum += p; // Python's sum(): left to right from 0
            }
            values[i] = entry.getKey();
            probability[i++] = sum / groups.size();
        }
        double least = Double.POSITIVE_INFINITY;
        for (double p : probability) {
            least = Math.min(least, p);
        }
        List<Double> repeated = new ArrayList<>();
        for (int v = 0; v < values.length; v++) {
            long count = (long) Math.rint(probability[v] / least);
            for (long c = 0; c < count; c++) {
                repeated.add(values[v]);
            }
        }
        double[] sorted = repeated.stream().mapToDouble(Double::doubleValue).toArray();
        median = median(sorted);
        q25 = quantile(sorted, 0.25);
        q75 = quantile(sorted, 0.75);
    }

    double[] boxAndWhiskerRange() {
        double iqr = q75 - q25;
        return new double[] {q25 - 1.5 * iqr, q75 + 1.5 * iqr};
    }

    /** numpy.median of a sorted array: the middle value, or the mean of the middle two. */
    private static double median(double[] a) {
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    /** numpy.quantile's default (linear) method, with numpy's lerp that is exact at both ends. */
    private static double quantile(double[] a, double q) {
        double index = (a.length - 1) * q;
        int below = (int) Math.floor(index);
        int above = Math.min(below + 1, a.length - 1);
        double t = index - below;
        double low = a[below];
        double high = a[above];
        double diff = high - low;
        return t >= 0.5 ? high - diff * (1 - t) : low + diff * t;
    }
}
