package dev.rashomon.multiplicity;

import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The model pool and its Rashomon sets: models by pool index (the position of a model's scores in
 * a row), their selection losses, the reference, and the candidate members in
 * loss order (ties by model id). Every set is a prefix of {@link #members()}; {@link #setSizes()}
 * holds its size for each ε. Built on the driver and shipped to tasks.
 */
public final class Pool implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] modelIds;
    private final double[] losses;
    private final int reference;
    private final int[] members;
    private final double[] epsilons;
    private final int[] setSizes;
    private final RashomonSet.EpsilonMode mode;
    private final Map<String, Integer> indexes = new HashMap<>();

    private Pool(String[] modelIds, double[] losses, int reference, int[] members, double[] epsilons, int[] setSizes,
                 RashomonSet.EpsilonMode mode) {
        this.modelIds = modelIds;
        this.losses = losses;
        this.reference = reference;
        this.members = members;
        this.epsilons = epsilons;
        this.setSizes = setSizes;
        this.mode = mode;
        for (int i = 0; i < modelIds.length; i++) {
            indexes.put(modelIds[i], i);
        }
    }

    /**
     * @param losses selection loss by model id, in pool-index order
     * @param where names the losses' source in messages
     */
    public static Pool of(Map<String, Double> losses, RashomonSet.Rule options, String where) {
        if (losses.isEmpty()) {
            throw new UserError("no models: " + where + " names none");
        }
        String[] ids = losses.keySet().toArray(String[]::new);
        double[] loss = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            loss[i] = losses.get(ids[i]);
            if (!Double.isFinite(loss[i])) {
                throw new UserError("the loss of model '" + ids[i] + "' in " + where + " is " + loss[i]
                        + "; losses must be finite numbers");
            }
        }
        int[] order = IntStream.range(0, ids.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> loss[i]).thenComparing(i -> ids[i]))
                .mapToInt(Integer::intValue).toArray();
        int reference;
        if (options.reference().equals("best")) {
            reference = order[0];
        } else {
            reference = Arrays.asList(ids).indexOf(options.reference());
            if (reference < 0) {
                throw new UserError(options.section() + ".reference '" + options.reference() + "' is not a model of " + where
                        + " (models: " + String.join(", ", List.of(ids).subList(0, Math.min(ids.length, 20)))
                        + (ids.length > 20 ? ", …" : "") + ")");
            }
        }
        int ref = reference;
        int[] members = options.excludeReference() ? Arrays.stream(order).filter(i -> i != ref).toArray() : order;
        double[] epsilons = options.epsilon().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] memberLosses = Arrays.stream(members).mapToDouble(i -> loss[i]).toArray();
        int[] sizes = Arrays.stream(epsilons).mapToInt(e -> RashomonSet.size(memberLosses, loss[ref], e,
                options.mode(), options.strict())).toArray();
        return new Pool(ids, loss, reference, members, epsilons, sizes, options.mode());
    }

    public int size() {
        return modelIds.length;
    }

    public String modelId(int index) {
        return modelIds[index];
    }

    public int indexOf(String modelId) {
        return indexes.getOrDefault(modelId, -1);
    }

    public double loss(int index) {
        return losses[index];
    }

    public int reference() {
        return reference;
    }

    /** Candidate members (the pool, less the reference when it is excluded), by increasing loss. */
    public int[] members() {
        return members;
    }

    /** The ε values in increasing order. */
    public double[] epsilons() {
        return epsilons;
    }

    /** The set size for each of {@link #epsilons()}. */
    public int[] setSizes() {
        return setSizes;
    }

    /** Every prefix size 1..members: the sets of the curve. */
    public int[] allSizes() {
        return IntStream.rangeClosed(1, members.length).toArray();
    }

    /** The ε at which the member at loss rank {@code rank} (0-based) joins the set. */
    public double epsilonOfRank(int rank) {
        double l = losses[members[rank]];
        return mode == RashomonSet.EpsilonMode.ABSOLUTE ? l - losses[reference] : l / losses[reference] - 1;
    }
}
