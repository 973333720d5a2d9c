package dev.rashomon.rashomon;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The greedy boundary search of the FISC code ({@code fis_explainer._greedy_search}, Li et al.,
 * {@code Sichao-Li/generalized_rashomon_set} at eb867e6), for every feature and both directions at once.
 *
 * <p>One search ("walk") per feature i and direction (+: m grows, −: m shrinks) starts at m = 1 and
 * visits the budget levels t = 0, δ, …, 1 in turn. At each level it tries m ± lr (lr = learning_rate, 0.1,
 * anew at every level) and accepts while {@code L(f with x_i·(m ± lr)) − L* < t·ε} (strict); a rejection divides lr by 10,
 * and the level ends at the {@code shrinks}-th rejection. An accepted step whose loss equals the loss of the
 * previous accepted step counts as unchanged; the count runs over all levels of the walk and, once above
 * {@code maxUnchangedSteps}, ends the level at every such step and declares the feature unimportant in that
 * direction. The multiplier reached at the end of level l is m^±_i(t_l).
 *
 * <p>The walks advance in rounds: every round scores the candidates of all unfinished walks in one call of
 * the {@link Oracle} (one Spark job), then replays each walk's FISC steps over the known losses until it
 * needs a loss not yet known. So that a round resolves many sequential steps, each blocked walk asks for
 * the candidates it would try next along the path a piecewise-linear surrogate of its loss curve predicts
 * (speculative evaluation). A wrong prediction costs scored candidates, never a different result:
 * decisions are made on scored losses only, so the multipliers are those of the sequential code.
 */
final class BoundarySearch {
    static final int PLUS = 0;
    static final int MINUS = 1;
    /** Candidates scored per round, shared by the unfinished walks. */
    private static final int ROUND_BUDGET = 384;
    private static final int MIN_PER_WALK = 8;
    /**
     * Accepted steps after which a level ends even though the loss kept changing. The FISC code has no
     * such limit and would not stop on a loss that falls forever; every real search ends long before.
     */
    static final int STEP_LIMIT = 100_000;

    private BoundarySearch() {
    }

    /** Mean losses of models scaled in one feature, many per call. */
    interface Oracle {
        double[] meanLosses(List<Candidate> candidates);
    }

    /** The model f(x with x_feature · multiplier); multiplier 1 is the reference f itself. */
    record Candidate(int feature, double multiplier) {
    }

    /**
     * @param referenceLoss L*, the loss of the reference model
     * @param epsilon ε = epsilon_rate · L*
     * @param multipliers m by [feature][direction][level]
     * @param losses the loss of f(x_i·m) at those multipliers
     * @param unimportant [feature][direction]: the unchanged-loss rule fired
     * @param rounds oracle calls
     * @param steps loss evaluations the sequential FISC code makes (one per accepted or rejected step)
     * @param evaluations candidates scored, with the reference and the speculative ones
     */
    record Boundaries(double referenceLoss, double epsilon, double[][][] multipliers, double[][][] losses,
            boolean[][] unimportant, int rounds, long steps, long evaluations) {
    }

    static Boundaries run(int features, ExplorationOptions options, Oracle oracle) {
        List<NavigableMap<Double, Double>> known = new ArrayList<>();
        List<Walk> walks = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            known.add(new TreeMap<>());
            walks.add(new Walk(f, true, options));
            walks.add(new Walk(f, false, options));
        }
        // Round one: the reference (multiplier 1) and every walk's first candidate, which do not depend on L*.
        List<Candidate> first = new ArrayList<>();
        first.add(new Candidate(0, 1.0));
        for (Walk walk : walks) {
            first.add(new Candidate(walk.feature, walk.next()));
        }
        double[] firstLosses = oracle.meanLosses(first);
        double referenceLoss = firstLosses[0];
        double epsilon = referenceLoss * options.epsilonRate();
        Rules rules = new Rules(referenceLoss, epsilon, options);
        for (int f = 0; f < features; f++) {
            known.get(f).put(1.0, referenceLoss);
        }
        for (int i = 1; i < first.size(); i++) {
            known.get(first.get(i).feature()).put(first.get(i).multiplier(), firstLosses[i]);
        }
        for (Walk walk : walks) {
            walk.start(rules);
        }
        int rounds = 1;
        long evaluations = first.size();
        while (true) {
            List<Walk> blocked = new ArrayList<>();
            for (Walk walk : walks) {
                walk.replay(known.get(walk.feature));
                if (!walk.done()) {
                    blocked.add(walk);
                }
            }
            if (blocked.isEmpty()) {
                break;
            }
            int budget = Math.max(MIN_PER_WALK, ROUND_BUDGET / blocked.size());
            List<Set<Double>> wanted = new ArrayList<>();
            for (int f = 0; f < features; f++) {
                wanted.add(new LinkedHashSet<>());
            }
            for (Walk walk : blocked) {
                wanted.get(walk.feature).addAll(walk.speculate(known.get(walk.feature), budget));
            }
            List<Candidate> batch = new ArrayList<>();
            for (int f = 0; f < features; f++) {
                for (double m : wanted.get(f)) {
                    batch.add(new Candidate(f, m));
                }
            }
            double[] losses = oracle.meanLosses(batch);
            for (int i = 0; i < batch.size(); i++) {
                known.get(batch.get(i).feature()).put(batch.get(i).multiplier(), losses[i]);
            }
            rounds++;
            evaluations += batch.size();
        }
        double[][][] multipliers = new double[features][2][];
        double[][][] losses = new double[features][2][];
        boolean[][] unimportant = new boolean[features][2];
        long steps = 0;
        for (Walk walk : walks) {
            int d = walk.plus ? PLUS : MINUS;
            multipliers[walk.feature][d] = walk.multipliers;
            losses[walk.feature][d] = walk.losses;
            unimportant[walk.feature][d] = walk.unimportant;
            steps += walk.steps;
        }
        return new Boundaries(referenceLoss, epsilon, multipliers, losses, unimportant, rounds, steps, evaluations);
    }

    /** What every walk compares against. */
    private record Rules(double referenceLoss, double[] thresholds) {
        Rules(double referenceLoss, double epsilon, ExplorationOptions options) {
            this(referenceLoss, thresholds(epsilon, options));
        }

        /** t_l·ε, the FISC code's {@code i*bound}. */
        private static double[] thresholds(double epsilon, ExplorationOptions options) {
            double[] out = new double[options.levels() + 1];
            for (int l = 0; l < out.length; l++) {
                out[l] = options.budget(l) * epsilon;
            }
            return out;
        }
    }

    /**
     * The state of one FISC search, step by step; copied to simulate the steps ahead. {@code count},
     * {@code lossTemp} and {@code lossCount} are the FISC code's {@code count}, {@code loss_temp} (0 at first)
     * and {@code loss_count}.
     */
    private static final class Walk {
        final int feature;
        final boolean plus;
        final ExplorationOptions options;
        Rules rules;
        double m = 1;
        double lossAtM;
        double lr;
        int count = 1;
        int level;
        double lossTemp;
        int lossCount;
        int acceptedInLevel;
        boolean unimportant;
        long steps;
        double[] multipliers;
        double[] losses;

        Walk(int feature, boolean plus, ExplorationOptions options) {
            this.feature = feature;
            this.plus = plus;
            this.options = options;
            this.lr = options.learningRate();
            this.multipliers = new double[options.levels() + 1];
            this.losses = new double[options.levels() + 1];
        }

        void start(Rules rules) {
            this.rules = rules;
            this.lossAtM = rules.referenceLoss();
        }

        Walk copy() {
            Walk c = new Walk(feature, plus, options);
            c.rules = rules;
            c.m = m;
            c.lossAtM = lossAtM;
            c.lr = lr;
            c.count = count;
            c.level = level;
            c.lossTemp = lossTemp;
            c.lossCount = lossCount;
            c.acceptedInLevel = acceptedInLevel;
            c.unimportant = unimportant;
            c.steps = steps;
            c.multipliers = multipliers.clone();
            c.losses = losses.clone();
            return c;
        }

        boolean done() {
            return level > options.levels();
        }

        double next() {
            return plus ? m + lr : m - lr;
        }

        /** Takes every step whose loss is known. */
        void replay(Map<Double, Double> known) {
            while (!done()) {
                double candidate = next();
                Double loss = known.get(candidate);
                if (loss == null) {
                    return;
                }
                decide(candidate, loss);
            }
        }

        void decide(double candidate, double loss) {
            steps++;
            if (loss - rules.referenceLoss() < rules.thresholds()[level]) {
                accept(candidate, loss);
            } else {
                reject();
            }
        }

        private void accept(double candidate, double loss) {
            m = candidate;
            lossAtM = loss;
            acceptedInLevel++;
            if (lossTemp == loss) {
                lossCount++;
                if (lossCount > options.maxUnchangedSteps()) {
                    unimportant = true;
                    endLevel();
                    return;
                }
            } else {
                lossTemp = loss;
            }
            if (acceptedInLevel >= STEP_LIMIT) {
                endLevel();
            }
        }

        private void reject() {
            lr = lr * 0.1;
            count++;
            if (count > options.shrinks()) {
                endLevel();
            }
        }

        private void endLevel() {
            multipliers[level] = m;
            losses[level] = lossAtM;
            level++;
            count = 1;
            lr = options.learningRate();
            acceptedInLevel = 0;
        }

        /** The candidates this walk would try next whose loss is unknown, along the path the surrogate predicts. */
        Set<Double> speculate(NavigableMap<Double, Double> known, int budget) {
            Set<Double> wanted = new LinkedHashSet<>();
            Walk path = copy();
            while (!path.done() && wanted.size() < budget) {
                double candidate = path.next();
                Double loss = known.get(candidate);
                if (loss == null) {
                    wanted.add(candidate);
                    loss = surrogate(known, candidate);
                }
                path.decide(candidate, loss);
            }
            return wanted;
        }
    }

    /** A guess of the loss at m: linear between the nearest known multipliers, or extrapolated from the two nearest. */
    static double surrogate(NavigableMap<Double, Double> known, double m) {
        Map.Entry<Double, Double> below = known.floorEntry(m);
        Map.Entry<Double, Double> above = known.ceilingEntry(m);
        if (below != null && above != null) {
            double span = above.getKey() - below.getKey();
            return span == 0 ? below.getValue()
                    : below.getValue() + (above.getValue() - below.getValue()) * (m - below.getKey()) / span;
        }
        Map.Entry<Double, Double> near = below != null ? below : above;
        Map.Entry<Double, Double> far = below != null ? known.lowerEntry(near.getKey()) : known.higherEntry(near.getKey());
        if (far == null) {
            return near.getValue();
        }
        double slope = (near.getValue() - far.getValue()) / (near.getKey() - far.getKey());
        return near.getValue() + slope * (m - near.getKey());
    }
}
