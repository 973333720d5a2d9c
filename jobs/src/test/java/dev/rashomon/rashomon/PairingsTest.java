package dev.rashomon.rashomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PairingsTest {
    @Test
    void shiftsMoveEveryRowAndDifferBetweenColumns() {
        int[][] shifts = Pairings.shifts(5, 6, 7, 42);
        for (int[] pairing : shifts) {
            assertThat(pairing).hasSize(6);
            assertThat(Arrays.stream(pairing).min().getAsInt()).isGreaterThanOrEqualTo(1);
            assertThat(Arrays.stream(pairing).max().getAsInt()).isLessThanOrEqualTo(6);
            assertThat(Arrays.stream(pairing).distinct().count()).as("distinct per column").isEqualTo(6);
        }
        assertThat(Pairings.shifts(5, 6, 7, 42)).isDeepEqualTo(shifts);
        assertThat(Pairings.shifts(5, 6, 1000, 42)).isNotEqualTo(Pairings.shifts(5, 6, 1000, 43));
        assertThatThrownBy(() -> Pairings.shifts(1, 3, 3, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
