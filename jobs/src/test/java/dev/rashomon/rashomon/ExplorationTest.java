package dev.rashomon.rashomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.run.UserError;
import dev.rashomon.testing.SparkTestBase;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The exploration of {@link PlantedInteraction}: logit = 0.5·x0 + 0.5·x1 + 2.5·x0·x1, with x2 in the data and
 * in the explored features but not in the model.
 */
class ExplorationTest extends SparkTestBase {
    private static final List<String> FEATURES = List.of("x0", "x1", "x2");
    private static Exploration.Result planted;

    private static Exploration.Result explore(Dataset<Row> rows, List<String> features, long seed) {
        return explore(rows, features, new ExplorationOptions(0.1, 0.1, 0.1, 4, 100, 200, 3, seed), "y");
    }

    private static Exploration.Result explore(Dataset<Row> rows, List<String> features, ExplorationOptions options, String label) {
        return Exploration.explore(spark, PlantedInteraction.model(spark), "probability", rows, "id", label, features, options,
                Loss.LOG_LOSS, 0.5);
    }

    /** The exploration most tests read: seed 7 over x0, x1, x2, run once per class. */
    private static Exploration.Result planted() {
        if (planted == null) {
            planted = explore(PlantedInteraction.rows(spark), FEATURES, 7);
        }
        return planted;
    }

    private static Row cloud(Exploration.Result result, String variant, String pair) {
        return result.fisCloud().collectAsList().stream()
                .filter(r -> r.getAs("source").equals("exploration_" + variant) && r.getAs("pair").equals(pair)).findFirst().orElseThrow();
    }

    @Test
    void anIgnoredFeatureIsDeclaredUnimportantAndHasNoInteraction() {
        Exploration.Result result = planted();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Boolean>> unimportant = (Map<String, Map<String, Boolean>>) result.profile().get("unimportant");
        assertThat(unimportant.get("x2")).containsEntry("+", true).containsEntry("-", true);
        assertThat(unimportant.get("x0")).containsEntry("+", false).containsEntry("-", false);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, List<Double>>> multipliers = (Map<String, Map<String, List<Double>>>) result.profile().get("boundary_multipliers");
        assertThat(multipliers.get("x2").get("+").get(1)).as("102 steps of 0.1 at t = 0.1").isCloseTo(11.2, within(1e-9));
        for (String pair : List.of("x0|x2", "x1|x2")) {
            for (String variant : List.of("consistent", "paper_code")) {
                Row row = cloud(result, variant, pair);
                assertThat(List.of(row.getAs("ref"), row.getAs("min"), row.getAs("max"), row.getAs("mean")))
                        .as(variant + " " + pair).containsOnly(0.0);
                assertThat((Boolean) row.getAs("sign_change")).isFalse();
            }
        }
        List<Row> swarm = result.swarm().where("kind = 'fis' AND target LIKE '%x2'").collectAsList();
        assertThat(swarm).hasSize(2 * 2 * 37);
        assertThat(swarm).allSatisfy(r -> assertThat((Double) r.getAs("value")).isEqualTo(0.0));
        List<Row> main = result.swarm().where("kind = 'main_effect' AND target = 'x2'").collectAsList();
        assertThat(main).allSatisfy(r -> assertThat((Double) r.getAs("value")).isEqualTo(0.0));
    }

    @Test
    void aPlantedInteractionPutsTheCloudAwayFromZero() {
        Exploration.Result result = planted();
        Row paperCode = cloud(result, "paper_code", "x0|x1");
        Row consistent = cloud(result, "consistent", "x0|x1");
        double ref = paperCode.getAs("ref");
        assertThat(ref).as("perturbing x0 or x1 alone already breaks the x0·x1 term: FIS < 0").isLessThan(-0.05);
        assertThat((Double) consistent.getAs("ref")).isEqualTo(ref);
        assertThat((Double) paperCode.getAs("max")).isLessThan(-0.05);
        assertThat((Boolean) paperCode.getAs("sign_change")).isFalse();
        // On g itself the interaction shrinks with m_a·m_b, and models with m_b near 0 have almost none.
        assertThat((Double) consistent.getAs("min")).isLessThan(2 * ref);
        assertThat((Double) consistent.getAs("mean")).isLessThan(-0.05);
        for (Row row : List.of(paperCode, consistent)) {
            assertThat((Integer) row.getAs("set_size")).isEqualTo(36);
            assertThat((Double) row.getAs("epsilon")).isEqualTo(0.1);
            assertThat((Double) row.getAs("min")).isLessThanOrEqualTo(row.<Double>getAs("mean")).isLessThan(row.getAs("max"));
            assertThat((String) row.getAs("argmin_model")).matches("x0[+-]0\\.\\d\\|x1[+-]0\\.\\d");
        }
        assertThat(result.fisCloud().columns()).containsExactly("source", "epsilon", "set_size", "pair", "ref", "min", "max",
                "mean", "sign_change", "argmin_model", "argmax_model");
    }

    @Test
    void theHaloFollowsTheFiscAnglesAndItsExpectedRadiusIsEpsilon() {
        Exploration.Result result = planted();
        double referenceLoss = (Double) result.profile().get("reference_loss");
        double epsilon = (Double) result.profile().get("epsilon");
        assertThat(epsilon).isEqualTo(0.1 * referenceLoss);
        List<Row> halo = result.halo().where("pair = 'x0|x1'").collectAsList();
        assertThat(halo).hasSize(36);
        for (Row r : halo) {
            int k = r.getAs("split");
            int q = r.getAs("quadrant");
            assertThat((Double) r.getAs("expected_radius")).isEqualTo(epsilon);
            assertThat((Double) r.getAs("angle")).isCloseTo(Math.atan2(k, 10 - k) + q * Math.PI / 2, within(1e-12));
            assertThat((Double) r.getAs("empirical_radius")).isEqualTo((Double) r.getAs("loss") - referenceLoss);
            assertThat((Double) r.getAs("t_a") + (Double) r.getAs("t_b")).isCloseTo(1.0, within(1e-12));
            assertThat((String) r.getAs("direction_a")).isEqualTo(q < 2 ? "+" : "-");
            assertThat((String) r.getAs("direction_b")).isEqualTo(q % 2 == 0 ? "+" : "-");
        }
        @SuppressWarnings("unchecked")
        Map<String, Map<String, List<Double>>> m = (Map<String, Map<String, List<Double>>>) result.profile().get("boundary_multipliers");
        Row split3Quadrant2 = halo.stream().filter(r -> (Integer) r.getAs("split") == 3 && (Integer) r.getAs("quadrant") == 2)
                .findFirst().orElseThrow();
        assertThat((Double) split3Quadrant2.getAs("m_a")).isEqualTo(m.get("x0").get("-").get(3));
        assertThat((Double) split3Quadrant2.getAs("m_b")).isEqualTo(m.get("x1").get("+").get(7));
        assertThat((String) split3Quadrant2.getAs("model")).isEqualTo("x0-0.3|x1+0.7");
    }

    @Test
    void theSameSeedGivesTheSameTablesWhateverThePartitioning() {
        List<String> pair = List.of("x0", "x1");
        ExplorationOptions options = new ExplorationOptions(0.1, 0.1, 0.1, 4, 100, 120, 2, 11);
        Exploration.Result once = explore(PlantedInteraction.rows(spark).coalesce(1), pair, options, "y");
        Exploration.Result again = explore(PlantedInteraction.rows(spark).repartition(5), pair, options, "y");
        assertThat(again.fisCloud().collectAsList()).isEqualTo(once.fisCloud().collectAsList());
        assertThat(again.halo().collectAsList()).isEqualTo(once.halo().collectAsList());
        assertThat(again.swarm().collectAsList()).isEqualTo(once.swarm().collectAsList());
        assertThat(again.profile().get("boundary_multipliers")).isEqualTo(once.profile().get("boundary_multipliers"));
    }

    @Test
    void everyBatchIsOneSparkJob() {
        Map<String, Object> profile = planted().profile();
        assertThat(profile.get("rows")).isEqualTo(200);
        assertThat((Integer) profile.get("effect_jobs")).isEqualTo(1);
        assertThat((Integer) profile.get("search_jobs")).isEqualTo((Integer) profile.get("search_rounds"));
        assertThat((Integer) profile.get("spark_jobs")).as("the subsample, the search rounds, the effects")
                .isEqualTo(1 + (Integer) profile.get("search_jobs") + (Integer) profile.get("effect_jobs"));
        assertThat((Integer) profile.get("search_rounds")).isLessThan(30);
    }

    @Test
    void aFeatureThatIsMissingOrNotNumericIsNamed() {
        assertThatThrownBy(() -> explore(PlantedInteraction.rows(spark), List.of("x0", "x9"), 1)).isInstanceOf(UserError.class)
                .hasMessageContaining("'x9'").hasMessageContaining("not a column");
        assertThatThrownBy(() -> explore(PlantedInteraction.rows(spark), List.of("x0", "city"), 1)).isInstanceOf(UserError.class)
                .hasMessageContaining("'city'").hasMessageContaining("not numeric");
    }

    @Test
    void aLabelOtherThanZeroOrOneIsNamed() {
        assertThatThrownBy(() -> explore(PlantedInteraction.rows(spark), FEATURES, ExplorationOptions.defaults(1), "x3"))
                .isInstanceOf(UserError.class).hasMessageContaining("label column 'x3' must be 0 or 1").hasMessageContaining("key");
    }
}
