package dev.rashomon.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The per-row draws: the split's share, Poisson(1) bootstrap counts, independence of streams. */
class RowDrawsTest {
    private static final int ROWS = 200_000;

    @Test
    void selectionShareIsTheFraction() {
        long selected = 0;
        for (long row = 0; row < ROWS; row++) {
            selected += RowDraws.inSelection(row, 42, 0.3) ? 1 : 0;
        }
        // Binomial(200000, 0.3): sd ~ 205 rows.
        assertThat((double) selected / ROWS).isCloseTo(0.3, within(0.005));
    }

    @Test
    void bootstrapCountsArePoissonOne() {
        long[] histogram = new long[8];
        double sum = 0;
        double squares = 0;
        for (long row = 0; row < ROWS; row++) {
            int count = RowDraws.bootstrapCount(row, 7, 1);
            histogram[Math.min(count, 7)]++;
            sum += count;
            squares += (double) count * count;
        }
        double mean = sum / ROWS;
        assertThat(mean).isCloseTo(1.0, within(0.01));
        assertThat(squares / ROWS - mean * mean).as("variance").isCloseTo(1.0, within(0.02));
        assertThat((double) histogram[0] / ROWS).as("P(0) = 1/e").isCloseTo(Math.exp(-1), within(0.005));
        assertThat((double) histogram[2] / ROWS).as("P(2) = 1/(2e)").isCloseTo(Math.exp(-1) / 2, within(0.005));
    }

    @Test
    void drawsAreFunctionsOfRowSeedAndStreamOnly() {
        assertThat(RowDraws.uniform(123, 42, 0)).isEqualTo(RowDraws.uniform(123, 42, 0));
        assertThat(RowDraws.uniform(123, 42, 0)).isNotEqualTo(RowDraws.uniform(123, 43, 0));
        assertThat(RowDraws.uniform(123, 42, 0)).isNotEqualTo(RowDraws.uniform(123, 42, 1));
        // Two bootstrap resamples agree on a row's count no more often than independent draws would.
        long same = 0;
        for (long row = 0; row < ROWS; row++) {
            same += RowDraws.bootstrapCount(row, 7, 1) == RowDraws.bootstrapCount(row, 7, 2) ? 1 : 0;
        }
        double independent = 0;
        double p = Math.exp(-1);
        for (int k = 0; k < 20; k++) {
            independent += p * p;
            p /= k + 1;
        }
        assertThat((double) same / ROWS).isCloseTo(independent, within(0.01));
    }
}
