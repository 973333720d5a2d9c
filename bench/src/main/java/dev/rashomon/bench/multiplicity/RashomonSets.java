package dev.rashomon.bench.multiplicity;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The pool in loss order (ties by model_id) and, per ε, the size of the set: a prefix of that order.
 * Both baselines start from it; the job derives the same from the losses file.
 */
record RashomonSets(List<String> modelIds, int[] scoreIndexByRank, double[] lossByRank, List<Double> epsilons, int[] setSizes) {

    static RashomonSets of(List<String> modelIds, double[] losses, List<Double> epsilons) {
        int[] order = IntStream.range(0, losses.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> losses[i]).thenComparing(modelIds::get))
                .mapToInt(Integer::intValue).toArray();
        double[] sorted = IntStream.of(order).mapToDouble(i -> losses[i]).toArray();
        int[] sizes = epsilons.stream().mapToInt(e -> (int) IntStream.range(0, sorted.length)
                .filter(r -> sorted[r] <= sorted[0] + e).count()).toArray();
        return new RashomonSets(modelIds, order, sorted, epsilons, sizes);
    }

    int largestSet() {
        return IntStream.of(setSizes).max().orElse(0);
    }

    String reference() {
        return modelIds.get(scoreIndexByRank[0]);
    }
}
