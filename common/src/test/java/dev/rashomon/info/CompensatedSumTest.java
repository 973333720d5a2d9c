package dev.rashomon.info;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompensatedSumTest {

    @Test
    void keepsTheSmallTermThatNaiveSummationLoses() {
        CompensatedSum sum = new CompensatedSum();
        sum.add(1e16);
        sum.add(1.0);
        sum.add(-1e16);
        assertThat(sum.value()).isEqualTo(1.0);
        assertThat(1e16 + 1.0 - 1e16).isEqualTo(0.0);   // the spacing of doubles at 1e16 is 2
    }

    @Test
    void aMillionTenthsAddUpToOneHundredThousand() {
        CompensatedSum sum = new CompensatedSum();
        double naive = 0;
        for (int i = 0; i < 1_000_000; i++) {
            sum.add(0.1);
            naive += 0.1;
        }
        // the double nearest 0.1 exceeds it by 5.55e-18, so the exact sum is 100000 + 5.55e-12
        assertThat(Math.abs(sum.value() - 100_000.0)).isLessThan(1e-9);
        assertThat(Math.abs(naive - 100_000.0)).isGreaterThan(1e-7);
    }

    @Test
    void emptySumIsZero() {
        assertThat(new CompensatedSum().value()).isEqualTo(0.0);
    }
}
