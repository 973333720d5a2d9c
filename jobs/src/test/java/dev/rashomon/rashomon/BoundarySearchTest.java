package dev.rashomon.rashomon;

import static dev.rashomon.rashomon.BoundarySearch.MINUS;
import static dev.rashomon.rashomon.BoundarySearch.PLUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The boundary search without Spark: against a Python transcription of the FISC code's
 * {@code _greedy_search} (resources reference/exploration), and against closed-form losses.
 */
class BoundarySearchTest {
    /** The closed-form losses of greedy_search.py, as functions of d = m − 1, with the same operations. */
    private static DoubleUnaryOperator loss(String name) {
        return switch (name) {
            case "bowl" -> d -> 0.5 + 0.2 * d * d;
            case "tilted" -> d -> 0.5 + 0.3 * d * d - 0.02 * d;
            case "ignored" -> d -> 0.5;
            case "plateau" -> d -> Math.abs(d) < 0.35 ? 0.5 : 0.5 + 0.4 * (Math.abs(d) - 0.35);
            case "stairs" -> d -> 0.5 + Math.floor(Math.abs(d) * 20) / 400;
            case "steep" -> d -> 0.5 + 3.0 * d * d * d * d + 0.5 * Math.abs(d);
            case "lopsided" -> d -> d > 0 ? 0.5 + 0.05 * d : 0.5 + 0.8 * d * d;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** An oracle over closed-form losses that records the size of every batch. */
    private static final class ClosedForm implements BoundarySearch.Oracle {
        final List<DoubleUnaryOperator> losses;
        final List<Integer> batches = new ArrayList<>();

        ClosedForm(List<DoubleUnaryOperator> losses) {
            this.losses = losses;
        }

        @Override
        public double[] meanLosses(List<BoundarySearch.Candidate> candidates) {
            batches.add(candidates.size());
            return candidates.stream().mapToDouble(c -> losses.get(c.feature()).applyAsDouble(c.multiplier() - 1.0)).toArray();
        }
    }

    private static ExplorationOptions options(double epsilonRate, double delta, double learningRate, int shrinks, int maxUnchanged) {
        return new ExplorationOptions(epsilonRate, delta, learningRate, shrinks, maxUnchanged, 1000, 5, 42);
    }

    @Test
    void matchesThePythonTranscriptionOfTheFiscCode() throws IOException {
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream("/reference/exploration/greedy_search_expected.json")) {
            expected = new ObjectMapper().readTree(in);
        }
        assertThat(expected.get("cases")).hasSize(5);
        for (JsonNode c : expected.get("cases")) {
            List<DoubleUnaryOperator> losses = new ArrayList<>();
            c.get("losses").forEach(name -> losses.add(loss(name.asText())));
            ExplorationOptions options = options(c.get("epsilon_rate").asDouble(), c.get("delta").asDouble(),
                    c.get("learning_rate").asDouble(), c.get("shrinks").asInt(), c.get("max_unchanged_steps").asInt());
            BoundarySearch.Boundaries found = BoundarySearch.run(losses.size(), options, new ClosedForm(losses));
            String name = c.get("name").asText();
            assertThat(found.referenceLoss()).isEqualTo(0.5);
            assertThat(found.steps()).as(name + ": loss evaluations of the sequential code").isEqualTo(c.get("steps").asLong());
            for (int f = 0; f < losses.size(); f++) {
                for (int d : new int[] {PLUS, MINUS}) {
                    JsonNode levels = c.get("multipliers").get(f).get(d);
                    String where = name + ", " + c.get("losses").get(f).asText() + (d == PLUS ? "+" : "-");
                    assertThat(found.multipliers()[f][d]).as(where).hasSize(levels.size());
                    for (int l = 0; l < levels.size(); l++) {
                        assertThat(found.multipliers()[f][d][l]).as(where + " level " + l).isCloseTo(levels.get(l).asDouble(), within(1e-12));
                    }
                    assertThat(found.unimportant()[f][d]).as(where).isEqualTo(c.get("unimportant").get(f).get(d).asBoolean());
                }
            }
        }
    }

    @Test
    void aQuadraticLossStopsJustInsideEachBudget() {
        // L(m) = L* + a (m − 1)²: the boundary of level t is |m − 1| = sqrt(t ε / a); four shrinks reach it to 1e-4.
        double a = 0.2;
        ExplorationOptions options = ExplorationOptions.defaults(1);
        BoundarySearch.Boundaries found = BoundarySearch.run(1, options, new ClosedForm(List.of(d -> 0.5 + a * d * d)));
        assertThat(found.epsilon()).isEqualTo(0.05);
        for (int l = 0; l <= 10; l++) {
            double reach = Math.sqrt(options.budget(l) * found.epsilon() / a);
            double up = found.multipliers()[0][PLUS][l] - 1;
            double down = 1 - found.multipliers()[0][MINUS][l];
            assertThat(up).as("level %d, +", l).isLessThanOrEqualTo(reach).isGreaterThan(reach - 1e-4);
            assertThat(down).as("level %d, −", l).isLessThanOrEqualTo(reach).isGreaterThan(reach - 1e-4);
            assertThat(found.losses()[0][PLUS][l]).isCloseTo(0.5 + a * up * up, within(1e-15));
        }
        assertThat(found.multipliers()[0][PLUS][0]).as("t = 0: no step passes the strict test").isEqualTo(1.0);
    }

    @Test
    void aFeatureThatNeverChangesTheLossRunsToTheUnchangedStepRule() {
        BoundarySearch.Boundaries found = BoundarySearch.run(2, ExplorationOptions.defaults(1),
                new ClosedForm(List.of(d -> 0.5 + 0.2 * d * d, d -> 0.5)));
        assertThat(found.unimportant()[1]).containsExactly(true, true);
        assertThat(found.unimportant()[0]).containsExactly(false, false);
        double m = 1;
        for (int step = 0; step < 102; step++) {
            m = m + 0.1; // the first accepted step sets the remembered loss, then 101 unchanged steps pass 100
        }
        assertThat(found.multipliers()[1][PLUS][0]).as("t = 0 accepts nothing").isEqualTo(1.0);
        assertThat(found.multipliers()[1][PLUS][1]).isEqualTo(m);
        assertThat(found.multipliers()[1][PLUS][2]).as("afterwards one step per level").isEqualTo(m + 0.1);
    }

    @Test
    void batchedRoundsResolveManySequentialSteps() {
        List<DoubleUnaryOperator> losses = new ArrayList<>();
        for (String name : List.of("bowl", "tilted", "ignored", "plateau", "stairs")) {
            losses.add(loss(name));
        }
        ClosedForm oracle = new ClosedForm(losses);
        BoundarySearch.Boundaries found = BoundarySearch.run(losses.size(), ExplorationOptions.defaults(1), oracle);
        assertThat(found.rounds()).isEqualTo(oracle.batches.size());
        assertThat(found.evaluations()).isEqualTo(oracle.batches.stream().mapToLong(Integer::longValue).sum());
        assertThat(found.rounds()).as("%d sequential steps in %d rounds", found.steps(), found.rounds())
                .isLessThan((int) (found.steps() / 20));
        assertThat(oracle.batches).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(384 + 8));
    }
}
