package dev.rashomon.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-row terms and the mergeable state of log-loss and accuracy, without Spark. */
class PoolMetricsTest {
    @Test
    void logLossClipsScores() {
        assertThat(PoolMetrics.logLoss(1, 0.8)).isCloseTo(-Math.log(0.8), within(1e-15));
        assertThat(PoolMetrics.logLoss(0, 0.8)).isCloseTo(-Math.log(0.2), within(1e-15));
        assertThat(PoolMetrics.logLoss(1, 0.0)).isCloseTo(-Math.log(1e-15), within(1e-12));
        assertThat(PoolMetrics.logLoss(0, 1.0)).isCloseTo(-Math.log(1e-15), within(1e-3));
        assertThat(PoolMetrics.logLoss(1, 1.0)).isCloseTo(1e-15, within(1e-16));
    }

    @Test
    void decisionIsAtOneHalf() {
        assertThat(PoolMetrics.correct(1, 0.5)).isTrue();
        assertThat(PoolMetrics.correct(0, 0.5)).isFalse();
        assertThat(PoolMetrics.correct(0, 0.4999)).isTrue();
    }

    @Test
    void mergedStatesEqualOneState() {
        PoolMetrics.State whole = new PoolMetrics.State(2);
        PoolMetrics.State first = new PoolMetrics.State(2);
        PoolMetrics.State second = new PoolMetrics.State(2);
        double[][] rows = {{1, 0, 0.9, 0.6}, {0, 0, 0.2, 0.7}, {1, 1, 0.4, 0.55}, {0, 1, 0.1, 0.3}, {1, 1, 0.7, 0.2}};
        for (int i = 0; i < rows.length; i++) {
            double[] r = rows[i];
            whole.add((int) r[0], r[1] == 1, List.of(r[2], r[3]));
            (i < 2 ? first : second).add((int) r[0], r[1] == 1, List.of(r[2], r[3]));
        }
        first.merge(second);
        for (int split = 0; split < 2; split++) {
            for (int m = 0; m < 2; m++) {
                assertThat(first.meanLoss(split, m)).isCloseTo(whole.meanLoss(split, m), within(1e-15));
                assertThat(first.accuracy(split, m)).isEqualTo(whole.accuracy(split, m));
            }
        }
        // Selection split, model 0: rows (1, 0.4), (0, 0.1), (1, 0.7).
        assertThat(whole.meanLoss(1, 0)).isCloseTo((-Math.log(0.4) - Math.log(0.9) - Math.log(0.7)) / 3, within(1e-15));
        assertThat(whole.accuracy(1, 0)).isCloseTo(2.0 / 3, within(1e-15));
    }
}
