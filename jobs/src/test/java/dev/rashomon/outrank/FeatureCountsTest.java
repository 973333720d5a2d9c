package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-feature state's shortcuts against the slow, obvious computation. */
class FeatureCountsTest {

    @Test
    void numbersAreReadAsDoubleParseDoubleReadsThem() {
        SplittableRandom random = new SplittableRandom(1);
        List<String> cases = new ArrayList<>(List.of("0", "-0", "007", "-12", "999999999999999",
                "9999999999999999", "12345678901234567890", "+5", "1e5", "1.5", "-", ".5", "5.", "0x10", "1_000"));
        for (int i = 0; i < 10_000; i++) {
            cases.add(Long.toString(random.nextLong() >> random.nextInt(64)));
        }
        for (String text : cases) {
            double expected;
            try {
                expected = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                expected = Double.NaN;
            }
            assertThat(Double.doubleToRawLongBits(FeatureCounts.number(text))).as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.isFinite(expected) ? expected : Double.NaN));
        }
    }

    /** Integer terms go through a long until it would overflow; the sum stays exact through merges. */
    @Test
    void numericSumIsExactWithHugeIntegersFractionsAndMerges() {
        String[] labels = {"0", "1"};
        SplittableRandom random = new SplittableRandom(2);
        FeatureCounts left = new FeatureCounts();
        FeatureCounts right = new FeatureCounts();
        BigDecimal expected = BigDecimal.ZERO;
        long expectedRowsOfOne = 0;
        for (int i = 0; i < 5_000; i++) {
            String value = switch (i % 4) {
                case 0 -> Long.toString((1L << 52) + random.nextInt(1000));  // large integers: the long overflows
                case 1 -> Integer.toString(random.nextInt(2000) - 1000);
                case 2 -> Double.toString(random.nextDouble() * 100);
                default -> "-" + (999_999_999_999_999L - random.nextInt(1000));
            };
            long zeros = random.nextInt(3);
            long ones = 1 + random.nextLong(1L << 40);
            (i % 2 == 0 ? left : right).add(value, new ClassCounts(labels, new long[] {zeros, ones}));
            expected = expected.add(new BigDecimal(Double.parseDouble(value)).multiply(BigDecimal.valueOf(zeros + ones)));
            expectedRowsOfOne += ones;
        }
        FeatureCounts merged = left.merge(right);
        assertThat(merged.numericSum()).isEqualByComparingTo(expected);
        assertThat(merged.presentRows("1")).isEqualTo(expectedRowsOfOne);
        assertThat(merged.presentRows("2")).isZero();
    }
}
