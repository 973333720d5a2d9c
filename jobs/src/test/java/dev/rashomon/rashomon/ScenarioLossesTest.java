package dev.rashomon.rashomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.info.ExactSum;
import dev.rashomon.info.LogLoss;
import dev.rashomon.info.SplitMix64;
import dev.rashomon.testing.SparkTestBase;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

/** The subsample and the batched scoring of scenarios, against a computation by hand on the driver. */
class ScenarioLossesTest extends SparkTestBase {
    private static final List<String> FEATURES = List.of("x0", "x1", "x2");

    @Test
    void theSubsampleIsTheRowsWithTheSmallestDrawsWhateverThePartitioning() {
        Subsample one = Subsample.draw(spark, PlantedInteraction.rows(spark).coalesce(1), "id", "y", FEATURES, 50, 3);
        Subsample four = Subsample.draw(spark, PlantedInteraction.rows(spark).repartition(4), "id", "y", FEATURES, 50, 3);
        List<Long> expected = LongStream.range(0, 300).boxed().sorted(Comparator.comparingLong(k -> SplitMix64.mix(k ^ 3)))
                .limit(50).sorted(Comparator.comparingLong(k -> Pairings.orderDraw(k, 3))).toList();
        assertThat(one.frame().select("id").as(Encoders.LONG()).collectAsList()).isEqualTo(expected);
        assertThat(four.frame().select("id").as(Encoders.LONG()).collectAsList()).isEqualTo(expected);
        assertThat(four.values()).isDeepEqualTo(one.values());
        assertThat(four.labels()).containsExactly(one.labels());
        assertThat(one.values()[1][0]).isEqualTo(PlantedInteraction.uniform(expected.get(0), 2));
    }

    @Test
    void aBatchOfScenariosIsOneJobAndScoresTheRescaledAndPairedColumns() {
        Subsample sample = Subsample.draw(spark, PlantedInteraction.rows(spark), "id", "y", FEATURES, 60, 5);
        int[][] shifts = Pairings.shifts(2, FEATURES.size(), sample.size(), 5);
        ScenarioLosses losses = new ScenarioLosses(spark, PlantedInteraction.model(spark), "probability", sample, FEATURES,
                Loss.LOG_LOSS, 0.5, shifts);
        List<Scenario> scenarios = List.of(Scenario.reference(), Scenario.scaled(0, 1.7),
                Scenario.scaled(0, 1.7, 1, 0.4).perturbed(1, 0, 1), Scenario.reference().perturbed(0, 1),
                Scenario.scaled(1, -0.3).perturbed(1, 0), Scenario.scaled(2, 5.0).perturbed(0, 2));
        double[] scored = losses.meanLosses(scenarios);
        assertThat(losses.jobs()).isEqualTo(1);
        for (int i = 0; i < scenarios.size(); i++) {
            assertThat(scored[i]).as(scenarios.get(i).toString()).isCloseTo(byHand(sample, shifts, scenarios.get(i)), within(1e-12));
        }
        assertThat(scored[5]).as("the model ignores x2, however scaled or paired").isEqualTo(scored[0]);
        losses.meanLosses(List.of(Scenario.scaled(0, 1.7), Scenario.scaled(0, 1.0)));
        assertThat(losses.jobs()).as("known losses are not scored again; m = 1 is the reference").isEqualTo(1);
        assertThat(losses.evaluations()).isEqualTo(6);
    }

    /** The mean log-loss of the planted model with x_c · m_c read from position (r + shift) mod n. */
    private static double byHand(Subsample sample, int[][] shifts, Scenario scenario) {
        int n = sample.size();
        ExactSum sum = new ExactSum();
        for (int r = 0; r < n; r++) {
            double[] x = new double[FEATURES.size()];
            for (int c = 0; c < x.length; c++) {
                int shift = 0;
                for (Scenario.Column column : scenario.columns()) {
                    if (column.feature() == c && column.perturbed()) {
                        shift = shifts[scenario.pairing()][c];
                    }
                }
                x[c] = sample.values()[c][(r + shift) % n] * scenario.multiplier(c);
            }
            double p = 1 / (1 + Math.exp(-PlantedInteraction.logit(x[0], x[1])));
            sum.add(LogLoss.binary(p, sample.labels()[r]));
        }
        return sum.mean(n);
    }
}
