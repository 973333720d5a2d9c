package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.info.ExactSum;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mean, standard deviation, quantiles, top-k means and threshold counts from sorted counts equal the same figures computed directly on the
 * sorted values, and merging partial states in any split gives the same distribution.
 */
class DistributionTest {
    @Test
    void handComputedQuantiles() {
        // numpy.percentile([1, 2, 3, 4], [50, 90, 95, 99]) = [2.5, 3.7, 3.85, 3.97]
        Distribution d = Distribution.of(SortedCounts.of(new double[] {4, 1, 3, 2}, 4), new double[] {2.5});
        assertThat(d.min()).isEqualTo(1.0);
        assertThat(d.max()).isEqualTo(4.0);
        assertThat(d.quantiles()[0]).isEqualTo(2.5);
        assertThat(d.quantiles()[1]).isCloseTo(3.7, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(d.atLeast()).containsExactly(2);
        // top 10%: the rows at or above p90 = 3.7, that is the 4 alone
        assertThat(d.topMeans()[2]).isEqualTo(4.0);
    }

    @Test
    void repeatedValuesAndSplitsGiveTheSameDistributionAsTheSortedValues() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 100; trial++) {
            int n = random.nextInt(1, 3000);
            double[] values = new double[n];
            boolean discrete = random.nextBoolean();
            for (int i = 0; i < n; i++) {
                values[i] = discrete ? random.nextInt(0, 7) / 6.0 : random.nextDouble() * 3;
            }
            // The values dealt to 1..5 parts in random runs, as tasks would hold them.
            List<SortedCounts> parts = new ArrayList<>();
            int from = 0;
            while (from < n) {
                int to = parts.size() == 4 ? n : random.nextInt(from + 1, n + 1);
                parts.add(SortedCounts.of(Arrays.copyOfRange(values, from, to), to - from));
                from = to;
            }
            double[] thresholds = {0.5, 1.0};
            Distribution split = Distribution.of(parts, thresholds);
            Distribution whole = Distribution.of(SortedCounts.of(values.clone(), n), thresholds);
            assertThat(split).usingRecursiveComparison().isEqualTo(whole);

            double[] sorted = values.clone();
            Arrays.sort(sorted);
            for (int q = 0; q < SummaryTables.QUANTILES.length; q++) {
                assertThat(whole.quantiles()[q]).isEqualTo(linear(sorted, SummaryTables.QUANTILES[q]));
            }
            for (int t = 0; t < SummaryTables.TOP.length; t++) {
                double cut = whole.quantiles()[SummaryTables.TOP_QUANTILE[t]];
                ExactSum sum = new ExactSum();
                long count = 0;
                for (double v : sorted) {
                    if (v >= cut) {
                        sum.add(v);
                        count++;
                    }
                }
                assertThat(whole.topMeans()[t]).isEqualTo(sum.mean(count));
            }
            // Mean and standard deviation as exact sums of every value and every square, row by row.
            ExactSum all = new ExactSum();
            ExactSum squares = new ExactSum();
            for (double v : sorted) {
                all.add(v);
                squares.addSquare(v);
            }
            assertThat(whole.mean()).isEqualTo(all.mean(n));
            assertThat(whole.standardDeviation()).isEqualTo(ExactSum.standardDeviation(all, squares, n, 0));
            assertThat(whole.atLeast()[1]).isEqualTo(Arrays.stream(sorted).filter(v -> v >= 1.0).count());
            assertThat(whole.min()).isEqualTo(sorted[0]);
            assertThat(whole.max()).isEqualTo(sorted[n - 1]);
        }
    }

    @Test
    void orderStatisticsSpanSignsZerosAndTheWholeDoubleRange() {
        // The bisection runs over order keys from −1e150 to 1e150, a span beyond a signed long (whose squares
        // still fit a double, for the standard deviation).
        double[] values = {1e150, -1e150, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300,
                -2.5, 7.0, 0.0, -0.0, 3.0};
        int n = values.length;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        List<SortedCounts> parts = List.of(SortedCounts.of(Arrays.copyOfRange(values, 0, 5), 5),
                SortedCounts.of(Arrays.copyOfRange(values, 5, 9), 4), SortedCounts.of(Arrays.copyOfRange(values, 9, n), n - 9));
        Distribution d = Distribution.of(parts, new double[] {0.0, -0.0});
        assertThat(SortedCounts.orderKey(1e150) - SortedCounts.orderKey(-1e150)).isNegative(); // the span overflows
        assertThat(d.min()).isEqualTo(-1e150);
        assertThat(d.max()).isEqualTo(1e150);
        for (int q = 0; q < SummaryTables.QUANTILES.length; q++) {
            assertThat(d.quantiles()[q]).isEqualTo(linear(sorted, SummaryTables.QUANTILES[q]));
        }
        // 0.5: position 5.5, between indices 5 and 6 of −1e150, −2.5, −MIN, −0.0, −0.0, 0.0, 0.0, …: +0.0, not −0.0.
        assertThat(Double.doubleToRawLongBits(d.quantiles()[0])).isEqualTo(Double.doubleToRawLongBits(0.0));
        // ≥ 0.0 holds for both zeros too (−0.0 ≥ 0.0 in IEEE comparison).
        assertThat(d.atLeast()).containsExactly(9, 9);
        assertThat(d).usingRecursiveComparison().isEqualTo(Distribution.of(SortedCounts.of(values.clone(), n), new double[] {0.0, -0.0}));
    }

    /** The interpolation Spark's exact percentile performs, on the plain sorted values. */
    private static double linear(double[] sorted, double q) {
        double position = (sorted.length - 1L) * q;
        long lower = (long) Math.floor(position);
        long higher = (long) Math.ceil(position);
        double low = sorted[(int) lower];
        double high = sorted[(int) higher];
        if (higher == lower || low == high) {
            return low;
        }
        return (higher - position) * low + (position - lower) * high;
    }
}
