package dev.rashomon.rashomon;

import static dev.rashomon.rashomon.BoundarySearch.MINUS;
import static dev.rashomon.rashomon.BoundarySearch.PLUS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The FISC exploration (Li et al., "Exploring the cloud of feature interaction scores in a Rashomon set",
 * arXiv 2305.10181; code {@code Sichao-Li/generalized_rashomon_set}, pinned to v0.1.5, eb867e6) around one
 * reference model f, over the input-rescaling class g_m(x) = f(m ⊙ x) on the given numeric features.
 *
 * <ol>
 *   <li>Subsample ({@link Subsample}): the {@code rows} evaluation rows with the smallest SplitMix64(key ^ seed).
 *       L* = the mean loss of f on them, ε = epsilon_rate · L*.
 *   <li>Boundary search ({@link BoundarySearch}): m^±_i(t) for every feature, direction and budget level,
 *       the FISC greedy search with the losses of all searches batched, one Spark job per round.
 *   <li>Effects and FIS ({@link ExploredEffects}) of the reference, the single-feature models and the 36 pair
 *       models per pair, under K keyed pairings shared by every model ({@link Pairings}); all of them scored in
 *       one Spark job (more only past 20 million scored rows).
 * </ol>
 * A model never sees its rows as they were: every explored feature reaches the pipeline as
 * {@code CAST(x AS DOUBLE) · m}, also for f itself (m = 1).
 *
 * <h2>Tables</h2>
 * <b>fis_cloud</b> (the schema of the pool-based FIS cloud), two rows per pair a|b:
 * {@code source} string ({@code exploration_paper_code} / {@code exploration_consistent}), {@code epsilon}
 * double (epsilon_rate), {@code set_size} int (explored models per pair, 4(1/δ − 1) = 36), {@code pair} string
 * {@code a|b}, {@code ref} double (FIS of f), {@code min}, {@code max}, {@code mean} double (over the pair's
 * models), {@code sign_change} boolean (min &lt; 0 &lt; max), {@code argmin_model}, {@code argmax_model} string
 * (model labels; ties to the model with the lower loss).
 *
 * <p><b>halo</b>, one row per pair model (36 per pair), the data of the FISC halo plot
 * ({@code pairwise_vis_loss}): {@code pair} string, {@code feature_a}, {@code feature_b} string, {@code split}
 * int k (1..L−1; t_a = k·δ, t_b = (L−k)·δ), {@code quadrant} int q (0 (+,+), 1 (+,−), 2 (−,+), 3 (−,−)),
 * {@code direction_a}, {@code direction_b} string ("+"/"-"), {@code t_a}, {@code t_b}, {@code m_a}, {@code m_b}
 * double, {@code model} string, {@code angle} double (atan2(k, L−k) + q·π/2, radians), {@code expected_radius}
 * double (ε: the additive prediction t_a·ε + t_b·ε), {@code empirical_radius} double (L(g) − L*),
 * {@code expected_x}, {@code expected_y}, {@code empirical_x}, {@code empirical_y} double (radius · cos/sin angle),
 * {@code loss} double (L(g)).
 *
 * <p><b>swarm</b>, the data of the FISC swarm plots: {@code kind} string ({@code main_effect} / {@code fis}),
 * {@code variant} string ({@code paper_code} / {@code consistent}), {@code target} string (the feature, or the
 * pair a|b), {@code model} string (label, or {@code reference} for f: the plots' star), {@code feature_a},
 * {@code direction_a} string, {@code t_a}, {@code m_a} double, {@code feature_b}, {@code direction_b} string,
 * {@code t_b}, {@code m_b} double (the model's scaling; b empty for single-feature models; t and direction empty
 * and m = 1 for the reference), {@code loss} double (L(g)), {@code excess_loss} double (L(g) − L*, ≤ ε inside
 * the set), {@code value} double (φ_target(g) or FIS_target(g)). Rows: main effects, paper_code: for every
 * feature, f and its 2(L+1) single-feature models f(x_i·m^±_i(t_l)) (the FISC {@code swarm_plot_MR}); main
 * effects, consistent: φ_a(g) and φ_b(g) of every pair model g (the main effects the consistent FIS uses), and f;
 * fis, both variants: f and the 36 pair models per pair (the FISC {@code swarm_plot_FIS}).
 *
 * <p>Labels: {@code a+0.3} is f(x_a·m^+_a(0.3)); {@code a+0.3|b-0.7} the pair model with m^+_a(0.3), m^−_b(0.7).
 *
 * <h2>Where this differs from the FISC code</h2>
 * <ul>
 *   <li>Perturbation: K keyed pairings shared by every model instead of fresh random shuffles per evaluation
 *       (30 for main effects, 100 for joint effects), so FIS differences between models are not Monte-Carlo
 *       noise, and a model that ignores a feature has FIS exactly 0 with it. Each column of a pair is still
 *       moved independently.
 *   <li>Every single-feature model gets its own main effect. {@code _get_all_main_effects} reuses the previous
 *       result when a multiplier equals the previous one in its loop (level 0 mostly), and what it reuses is
 *       the effect of the last feature of its inner loop.
 *   <li>Features with no main effect on f are kept ({@code ref_explain} drops them), so their pairs appear.
 *   <li>Splits are k = 1..1/δ − 1 for any δ = 1/k. The FISC code takes them from a Python set (order
 *       arbitrary) and indexes levels by tenths, which works for δ = 0.1 only; its levels
 *       {@code arange(0, 1.1, δ)} also overshoot 1 for δ &lt; 0.1.
 *   <li>The expected radius is ε itself (FISC: t_a·ε + t_b·ε, the same up to rounding). The swarm carries the
 *       real L(g): the FISC main-effect swarm is coloured by the search's main effects (stored as
 *       {@code loss_diff_multi_boundary_e}), the FIS swarm by L(g) − ε − L*.
 *   <li>A level also ends after {@link BoundarySearch#STEP_LIMIT} accepted steps, where FISC would not stop.
 * </ul>
 */
public final class Exploration {
    private Exploration() {
    }

    /**
     * @param fisCloud per pair and variant, the range of the FIS over the explored models
     * @param halo per pair model, its halo-plot direction and radii
     * @param swarm main effects and FIS of every explored model
     * @param profile for run.json: rows used, L*, ε, boundary multipliers per feature/direction/level,
     *     loss evaluations, Spark jobs, seconds
     */
    public record Result(Dataset<Row> fisCloud, Dataset<Row> halo, Dataset<Row> swarm, Map<String, Object> profile) {
    }

    /**
     * @param reference reads raw input rows, outputs a probability vector column (class 1 at index 1)
     * @param rows the raw evaluation rows
     * @param keyColumn a unique integer per row
     * @param labelColumn 0 or 1
     * @param features numeric columns to rescale, in the order pairs are named
     * @param threshold decision threshold of the 0-1 loss
     */
    public static Result explore(SparkSession spark, PipelineModel reference, String probabilityColumn, Dataset<Row> rows,
            String keyColumn, String labelColumn, List<String> features, ExplorationOptions options, Loss loss,
            double threshold) {
        long start = System.nanoTime();
        try (SparkJobCount jobs = new SparkJobCount(spark.sparkContext())) {
            Subsample sample = Subsample.draw(spark, rows, keyColumn, labelColumn, features, options.rows(), options.seed());
            int[][] shifts = Pairings.shifts(options.permutations(), features.size(), sample.size(), options.seed());
            ScenarioLosses losses = new ScenarioLosses(spark, reference, probabilityColumn, sample, features, loss,
                    threshold, shifts);
            long searchStart = System.nanoTime();
            BoundarySearch.Boundaries boundaries = BoundarySearch.run(features.size(), options, candidates -> losses.meanLosses(
                    candidates.stream().map(c -> Scenario.scaled(c.feature(), c.multiplier())).toList()));
            long searchEvaluations = losses.evaluations();
            int searchJobs = losses.jobs();
            long effectStart = System.nanoTime();
            ExploredEffects explored = new ExploredEffects(features.size(), options, boundaries.multipliers());
            losses.meanLosses(explored.scenarios());
            long effectEnd = System.nanoTime();
            ExploredEffects.Results results = explored.compute(losses::meanLoss);
            ExplorationTables tables = new ExplorationTables(features, options, results, boundaries.epsilon());

            Map<String, Object> profile = profile(features, options, sample.size(), boundaries);
            profile.put("search_rounds", boundaries.rounds());
            profile.put("search_steps", boundaries.steps());
            profile.put("search_evaluations", searchEvaluations);
            profile.put("search_jobs", searchJobs);
            profile.put("effect_evaluations", losses.evaluations() - searchEvaluations);
            profile.put("effect_jobs", losses.jobs() - searchJobs);
            profile.put("loss_evaluations", losses.evaluations());
            profile.put("rows_scored", losses.evaluations() * sample.size());
            profile.put("spark_jobs", jobs.jobs());
            profile.put("search_seconds", (effectStart - searchStart) / 1e9);
            profile.put("effect_seconds", (effectEnd - effectStart) / 1e9);
            profile.put("seconds", (System.nanoTime() - start) / 1e9);
            return new Result(tables.fisCloud(spark), tables.halo(spark), tables.swarm(spark), profile);
        }
    }

    /** The exploration's settings and boundaries, for run.json. */
    private static Map<String, Object> profile(List<String> features, ExplorationOptions options, int rows,
            BoundarySearch.Boundaries boundaries) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("rows", rows);
        profile.put("reference_loss", boundaries.referenceLoss());
        profile.put("epsilon_rate", options.epsilonRate());
        profile.put("epsilon", boundaries.epsilon());
        profile.put("delta", options.delta());
        profile.put("permutations", options.permutations());
        profile.put("seed", options.seed());
        profile.put("perturbation", "keyed pairings shared by every model: the subsample ordered by "
                + "SplitMix64(key ^ seed ^ salt); pairing k reads column c from position (r + shift[k][c]) mod n, "
                + "shifts distinct per column (each column of a pair perturbed independently)");
        profile.put("boundary_multipliers", byFeature(features, boundaries.multipliers()));
        profile.put("boundary_losses", byFeature(features, boundaries.losses()));
        Map<String, Object> unimportant = new LinkedHashMap<>();
        for (int i = 0; i < features.size(); i++) {
            Map<String, Object> directions = new LinkedHashMap<>();
            directions.put("+", boundaries.unimportant()[i][PLUS]);
            directions.put("-", boundaries.unimportant()[i][MINUS]);
            unimportant.put(features.get(i), directions);
        }
        profile.put("unimportant", unimportant);
        return profile;
    }

    private static Map<String, Object> byFeature(List<String> features, double[][][] values) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < features.size(); i++) {
            Map<String, Object> directions = new LinkedHashMap<>();
            directions.put("+", toList(values[i][PLUS]));
            directions.put("-", toList(values[i][MINUS]));
            out.put(features.get(i), directions);
        }
        return out;
    }

    private static List<Double> toList(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
