package dev.rashomon.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChiSquaredTest {

    @Test
    void fivePercentCriticalValueOfOneDegreeOfFreedom() {
        // 3.841458820694124 = qchisq(0.95, 1) = 1.959963984540054²
        assertThat(ChiSquared.survival(3.841458820694124, 1)).isCloseTo(0.05, offset(1e-12));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.5, 1, 2, 5.991464547107979, 10, 40, 200})
    void twoDegreesOfFreedomIsAnExponentialTail(double x) {
        // χ²(2) is exponential with mean 2: P(X ≥ x) = e^(−x/2)
        double expected = Math.exp(-x / 2);
        assertThat(ChiSquared.survival(x, 2)).isCloseTo(expected, offset(1e-13 * expected));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 3, 9.487729036781154, 30})
    void fourDegreesOfFreedomIsAPoissonSum(double x) {
        // Q(2, x/2) = e^(−x/2)·(1 + x/2)
        double expected = Math.exp(-x / 2) * (1 + x / 2);
        assertThat(ChiSquared.survival(x, 4)).isCloseTo(expected, offset(1e-13 * expected));
    }

    @Test
    void noStatisticOrNoDegreesOfFreedomMeansCertainty() {
        assertThat(ChiSquared.survival(0, 3)).isEqualTo(1.0);
        assertThat(ChiSquared.survival(0, 1)).isEqualTo(1.0);
        assertThat(ChiSquared.survival(12.5, 0)).isEqualTo(1.0);
    }

    @Test
    void fivePercentCriticalValueOfTwoDegreesOfFreedom() {
        // 5.991464547107979 = qchisq(0.95, 2) ≈ −2 ln 0.05
        assertThat(ChiSquared.survival(5.991464547107979, 2)).isCloseTo(0.05, offset(1e-12));
    }
}
