package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Rashomon capacity against channels whose capacity is known, and the binary closed form against Blahut–Arimoto. */
class RashomonCapacityTest {

    private static RashomonCapacity.Bounds ba(double[][] channel) {
        return RashomonCapacity.blahutArimoto(channel, 1e-12, 0, 1_000_000);
    }

    @Test
    void identicalMembersHaveNoCapacity() {
        RashomonCapacity.Bounds bounds = ba(new double[][] {{0.2, 0.5, 0.3}, {0.2, 0.5, 0.3}, {0.2, 0.5, 0.3}});
        assertThat(bounds.bits()).isEqualTo(0.0);
        assertThat(RashomonCapacity.binaryBits(0.37, 0.37)).isEqualTo(0.0);
    }

    @Test
    void membersCertainOfEveryClassReachTheNumberOfClasses() {
        // The identity channel on c inputs has capacity log2 c: RC = c.
        for (int c = 2; c <= 6; c++) {
            double[][] identity = new double[c][c];
            for (int k = 0; k < c; k++) {
                identity[k][k] = 1;
            }
            assertThat(Math.pow(2, ba(identity).bits())).as("RC with %d classes", c).isCloseTo(c, within(1e-9));
        }
        assertThat(RashomonCapacity.binaryBits(0, 1)).isEqualTo(1.0);
    }

    @Test
    void binarySymmetricChannel() {
        // Scores p and 1 − p form a binary symmetric channel: C = 1 − h(p).
        for (double p : new double[] {0.01, 0.1, 0.25, 0.4}) {
            double expected = 1 - RashomonCapacity.entropyBits(p);
            assertThat(ba(new double[][] {{1 - p, p}, {p, 1 - p}}).bits()).isCloseTo(expected, within(1e-9));
            assertThat(RashomonCapacity.binaryBits(p, 1 - p)).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void binaryClosedFormAgreesWithBlahutArimotoOnRandomRows() {
        // The acceptance of issue 4: 1e-6 on random cases; interior members must not change C.
        Random random = new Random(2022);
        double worst = 0;
        for (int trial = 0; trial < 500; trial++) {
            int members = 2 + random.nextInt(12);
            double[][] channel = new double[members][2];
            double min = 1;
            double max = 0;
            for (int h = 0; h < members; h++) {
                double s = trial % 10 == 0 ? 0.5 + 0.01 * random.nextDouble() : random.nextDouble();
                channel[h][0] = 1 - s;
                channel[h][1] = s;
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
            // Certified gap below 2e-7 bits, or 1e-6 of C (C ≤ 1 bit): the closed form must fall
            // inside the bounds, and so within 1e-6 of the estimate.
            RashomonCapacity.Bounds bounds = RashomonCapacity.blahutArimoto(channel, 2e-7, 1e-6, 1_000_000);
            double closed = RashomonCapacity.binaryBits(min, max);
            assertThat(closed).as("trial %d", trial).isBetween(bounds.lower() - 1e-9, bounds.upper() + 1e-9);
            worst = Math.max(worst, Math.abs(closed - bounds.bits()));
        }
        assertThat(worst).isLessThan(1e-6);
    }

    @Test
    void sandwichBoundsHoldAndTheRelativeRuleStopsEarlyOnNearlyIdenticalRows() {
        double[][] close = {{0.7, 0.3}, {0.69, 0.31}};
        RashomonCapacity.Bounds strict = RashomonCapacity.blahutArimoto(close, 1e-15, 0, 200_000);
        RashomonCapacity.Bounds relative = RashomonCapacity.blahutArimoto(close, 1e-15, 1e-3, 200_000);
        assertThat(relative.iterations()).isLessThan(strict.iterations());
        assertThat(relative.lower()).isLessThanOrEqualTo(strict.upper());
        // Already accurate: within 1e-3 relative of the fully converged value.
        assertThat(relative.bits()).isCloseTo(strict.bits(), within(1e-3 * strict.bits()));
        assertThat(strict.bits()).isCloseTo(RashomonCapacity.binaryBits(0.3, 0.31), within(1e-9));
    }
}
