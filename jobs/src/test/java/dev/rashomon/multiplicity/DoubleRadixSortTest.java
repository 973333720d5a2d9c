package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The radix sort gives Arrays.sort's order bit for bit, signed zeros, subnormals and infinities included. */
class DoubleRadixSortTest {

    @Test
    void keysOrderAsTheDoublesDo() {
        double[] increasing = {Double.NEGATIVE_INFINITY, -2.5, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, 1e-300, 0.5, 1,
            Double.MAX_VALUE, Double.POSITIVE_INFINITY};
        for (int i = 0; i < increasing.length; i++) {
            assertThat(Double.doubleToRawLongBits(DoubleRadixSort.value(DoubleRadixSort.key(increasing[i]))))
                    .isEqualTo(Double.doubleToRawLongBits(increasing[i]));
            if (i > 0) {
                assertThat(Long.compareUnsigned(DoubleRadixSort.key(increasing[i - 1]), DoubleRadixSort.key(increasing[i])))
                        .as("%s < %s", increasing[i - 1], increasing[i]).isNegative();
            }
        }
    }

    @Test
    void sortsLikeArraysSort() {
        Random random = new Random(17);
        double[] special = {-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, -1};
        for (int length : new int[] {0, 1, 7, 511, 512, 5000, 100_000}) {
            double[] values = new double[length + 3];
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(5);
                values[i] = switch (kind) {
                    case 0 -> special[random.nextInt(special.length)];
                    case 1 -> random.nextInt(4) / 3.0;
                    case 2 -> random.nextGaussian() * 1e-310;
                    default -> random.nextDouble() * (random.nextBoolean() ? 1 : -1e6);
                };
            }
            double[] expected = Arrays.copyOf(values, length);
            Arrays.sort(expected);
            double[] sorted = values.clone();
            DoubleRadixSort.sort(sorted, length);
            // Arrays.equals compares bits, so -0.0 and 0.0 must be in the same places.
            assertThat(Arrays.equals(Arrays.copyOf(sorted, length), expected)).as("length %d", length).isTrue();
            assertThat(Arrays.copyOfRange(sorted, length, length + 3)).containsExactly(0.0, 0.0, 0.0);
        }
    }

    @Test
    void valuesInTheUnitIntervalSkipTheirCommonBytesAndStillSort() {
        double[] values = new double[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 0.5 + (values.length - i) * Math.ulp(0.5);
        }
        double[] expected = values.clone();
        Arrays.sort(expected);
        DoubleRadixSort.sort(values, values.length);
        assertThat(values).containsExactly(expected);
    }
}
