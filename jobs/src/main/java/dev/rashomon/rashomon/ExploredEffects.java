package dev.rashomon.rashomon;

import static dev.rashomon.rashomon.BoundarySearch.MINUS;
import static dev.rashomon.rashomon.BoundarySearch.PLUS;

import dev.rashomon.info.ExactSum;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The explored models and their main effects and feature interaction scores (FISC code:
 * {@code _get_all_main_effects}, {@code feature_interaction_effect}, {@code _get_fis_in_r}).
 *
 * <ul>
 *   <li>Single-feature models f(x_i·m^±_i(t_l)) for every feature, direction and level (the FISC main-effect swarm).
 *   <li>Pair models g = f(x_a·m_a, x_b·m_b) for every pair a &lt; b, budget split k = 1..L−1 (t_a = k/L,
 *       t_b = (L−k)/L) and quadrant q: (+,+), (+,−), (−,+), (−,−), in the order of the FISC code's
 *       {@code itertools.product} over [m⁺, m⁻]; m_a = m^{±}_a(t_a), m_b = m^{±}_b(t_b). 4(L−1) = 36 per pair.
 * </ul>
 *
 * <p>The main effect of a feature set S on a model g is φ_S(g) = mean over the K pairings of
 * L(g with the columns of S perturbed) − L(g) (the FISC code's {@code feature_effect}, a loss difference).
 * FIS_ab(g) = φ_ab(g) − φ_a − φ_b in two variants: {@code consistent} takes φ_a, φ_b on g itself;
 * {@code paper_code} takes them, as the FISC code does, from the single-feature models f(x_a·m_a) and f(x_b·m_b).
 */
final class ExploredEffects {
    /** Quadrant q → the directions of (a, b). */
    static final int[][] QUADRANTS = {{PLUS, PLUS}, {PLUS, MINUS}, {MINUS, PLUS}, {MINUS, MINUS}};

    private final int features;
    private final int levels;
    private final int permutations;
    private final double[][][] multipliers;

    /** @param multipliers m by [feature][direction][level], from the boundary search */
    ExploredEffects(int features, ExplorationOptions options, double[][][] multipliers) {
        this.features = features;
        this.levels = options.levels();
        this.permutations = options.permutations();
        this.multipliers = multipliers;
    }

    /** A single-feature model: its multiplier, loss and the main effect of its feature. */
    record SingleModel(int feature, int direction, int level, double multiplier, double loss, double effect) {
    }

    /**
     * A pair model with its loss and effects.
     *
     * @param firstEffect φ_a(g), on the pair model
     * @param firstSingleEffect φ_a(f(x_a·m_a)), on the single-feature model (FISC code)
     */
    record PairModel(int first, int second, int split, int quadrant, double firstMultiplier, double secondMultiplier,
            double loss, double jointEffect, double firstEffect, double secondEffect, double firstSingleEffect,
            double secondSingleEffect) {
        double consistentScore() {
            return ModelReliance.interaction(jointEffect, firstEffect, secondEffect);
        }

        double paperCodeScore() {
            return ModelReliance.interaction(jointEffect, firstSingleEffect, secondSingleEffect);
        }
    }

    /** The reference model's main effects by feature and, per pair, its joint effect and FIS. */
    record PairReference(int first, int second, double jointEffect, double score) {
    }

    record Results(double referenceLoss, double[] referenceEffects, List<PairReference> referencePairs,
            List<SingleModel> singles, List<PairModel> pairs) {
    }

    /** The scenarios {@link #compute} asks for: it is run with a loss that records them. */
    List<Scenario> scenarios() {
        Set<Scenario> asked = new LinkedHashSet<>();
        compute(scenario -> {
            asked.add(scenario);
            return 0.0;
        });
        return new ArrayList<>(asked);
    }

    Results compute(ToDoubleFunction<Scenario> loss) {
        Scenario reference = Scenario.reference();
        double[] referenceEffects = new double[features];
        for (int i = 0; i < features; i++) {
            referenceEffects[i] = effect(loss, reference, i);
        }
        List<PairReference> referencePairs = new ArrayList<>();
        for (int a = 0; a < features; a++) {
            for (int b = a + 1; b < features; b++) {
                double joint = effect(loss, reference, a, b);
                referencePairs.add(new PairReference(a, b, joint,
                        ModelReliance.interaction(joint, referenceEffects[a], referenceEffects[b])));
            }
        }
        List<SingleModel> singles = new ArrayList<>();
        double[][][] singleEffects = new double[features][2][levels + 1];
        for (int i = 0; i < features; i++) {
            for (int d : new int[] {PLUS, MINUS}) {
                for (int l = 0; l <= levels; l++) {
                    Scenario model = single(i, d, l);
                    singleEffects[i][d][l] = effect(loss, model, i);
                    singles.add(new SingleModel(i, d, l, multipliers[i][d][l], loss.applyAsDouble(model), singleEffects[i][d][l]));
                }
            }
        }
        List<PairModel> pairs = new ArrayList<>();
        for (int a = 0; a < features; a++) {
            for (int b = a + 1; b < features; b++) {
                for (int k = 1; k < levels; k++) {
                    for (int q = 0; q < QUADRANTS.length; q++) {
                        int da = QUADRANTS[q][0];
                        int db = QUADRANTS[q][1];
                        Scenario g = pair(a, b, k, q);
                        pairs.add(new PairModel(a, b, k, q, multipliers[a][da][k], multipliers[b][db][levels - k],
                                loss.applyAsDouble(g), effect(loss, g, a, b), effect(loss, g, a), effect(loss, g, b),
                                singleEffects[a][da][k], singleEffects[b][db][levels - k]));
                    }
                }
            }
        }
        return new Results(loss.applyAsDouble(reference), referenceEffects, referencePairs, singles, pairs);
    }

    /** f(x_i·m^d_i(t_l)). */
    Scenario single(int feature, int direction, int level) {
        return Scenario.scaled(feature, multipliers[feature][direction][level]);
    }

    /** g = f(x_a·m_a(k/L), x_b·m_b((L−k)/L)) in quadrant q. */
    Scenario pair(int a, int b, int split, int quadrant) {
        return Scenario.scaled(a, multipliers[a][QUADRANTS[quadrant][0]][split],
                b, multipliers[b][QUADRANTS[quadrant][1]][levels - split]);
    }

    /** φ_S(g) = mean_k L(g; S perturbed by pairing k) − L(g), the mean rounded once. */
    private double effect(ToDoubleFunction<Scenario> loss, Scenario model, int... perturbed) {
        ExactSum sum = new ExactSum();
        for (int k = 0; k < permutations; k++) {
            sum.add(loss.applyAsDouble(model.perturbed(k, perturbed)));
        }
        return sum.mean(permutations) - loss.applyAsDouble(model);
    }
}
