package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.info.ExactSum;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Quantiles, top-k means and threshold counts from sorted counts equal the same figures computed directly on the
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
            int split = random.nextInt(0, n + 1);
            SortedCounts left = SortedCounts.of(Arrays.copyOfRange(values, 0, split), split);
            SortedCounts right = SortedCounts.of(Arrays.copyOfRange(values, split, n), n - split);
            double[] thresholds = {0.5, 1.0};
            Distribution merged = Distribution.of(split == 0 ? right : split == n ? left : left.merge(right), thresholds);
            Distribution whole = Distribution.of(SortedCounts.of(values.clone(), n), thresholds);
            assertThat(merged).usingRecursiveComparison().isEqualTo(whole);

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
            assertThat(whole.atLeast()[1]).isEqualTo(Arrays.stream(sorted).filter(v -> v >= 1.0).count());
            assertThat(whole.min()).isEqualTo(sorted[0]);
            assertThat(whole.max()).isEqualTo(sorted[n - 1]);
        }
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
