package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A buffer counts a measure's values while they are few and lists them once they are many; either way its
 * {@link SortedCounts} hold the same multiset as sorting every value, so its distribution is the same.
 */
class DistributionValuesTest {
    private static final double[] THRESHOLDS = {0.0, 0.25, 1.0};

    @Test
    void fewDistinctValuesAreCountedWithZerosOfBothSigns() {
        DistributionValues.Buffer buffer = new DistributionValues.Buffer();
        double[] values = new double[5000];
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < values.length; i++) {
            int k = random.nextInt(0, 51);
            values[i] = k == 0 ? (random.nextBoolean() ? -0.0 : 0.0) : k * (50 - k) / 625.0;
            buffer.add(values[i]);
        }
        SortedCounts counted = buffer.sortedCounts();
        // 0.0 and −0.0 stay apart, as Double.compare orders them: 25 positive values k(50 − k)/625 (k = 1..49,
        // k and 50 − k alike), then the two zeros.
        assertThat(counted.distinct()).isEqualTo(27);
        assertThat(Double.doubleToRawLongBits(counted.values[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(counted.rows()).isEqualTo(values.length);
        assertSameDistribution(counted, values);
    }

    @Test
    void manyDistinctValuesSwitchToTheListAndKeepTheCountedOnes() {
        for (int distinct : new int[] {DistributionValues.Buffer.MAX_COUNTED, DistributionValues.Buffer.MAX_COUNTED + 1, 20_000}) {
            DistributionValues.Buffer buffer = new DistributionValues.Buffer();
            double[] values = new double[30_000];
            SplittableRandom random = new SplittableRandom(distinct);
            for (int i = 0; i < values.length; i++) {
                // Repeats among the first values, so that counts above one are spelled out at the switch.
                values[i] = random.nextInt(0, distinct) / 7.0;
                buffer.add(values[i]);
            }
            SortedCounts counted = buffer.sortedCounts();
            assertThat(counted.rows()).isEqualTo(values.length);
            assertThat(counted.distinct()).isEqualTo((int) Arrays.stream(values).distinct().count());
            assertSameDistribution(counted, values);
        }
    }

    @Test
    void anEmptyBufferSaysSo() {
        DistributionValues.Buffer buffer = new DistributionValues.Buffer();
        assertThat(buffer.isEmpty()).isTrue();
        buffer.add(0.5);
        assertThat(buffer.isEmpty()).isFalse();
    }

    private static void assertSameDistribution(SortedCounts counted, double[] values) {
        Distribution sorted = Distribution.of(SortedCounts.of(values.clone(), values.length), THRESHOLDS);
        assertThat(Distribution.of(counted, THRESHOLDS)).usingRecursiveComparison().isEqualTo(sorted);
        double[] all = values.clone();
        Arrays.sort(all);
        assertThat(sorted.rows()).isEqualTo(values.length);
        assertThat(sorted.min()).isEqualTo(all[0]);
        assertThat(sorted.max()).isEqualTo(all[all.length - 1]);
    }
}
