package dev.rashomon.rashomon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One loss evaluation of the exploration: a model g_m(x) = f(m ⊙ x) of the rescaling class, given by the
 * columns it touches, with some of them perturbed by keyed pairing {@code pairing} ({@link Pairings}).
 * The columns are in feature order and none is left as it is (multiplier 1, not perturbed), so two
 * scenarios that score the same rows the same way are equal; the loss cache relies on that.
 *
 * @param pairing the pairing k of the perturbed columns, or {@link #UNPERTURBED}
 */
record Scenario(List<Column> columns, int pairing) {
    static final int UNPERTURBED = -1;

    /** x_feature · multiplier, read from the paired row when perturbed. */
    record Column(int feature, double multiplier, boolean perturbed) {
    }

    Scenario {
        columns = List.copyOf(columns);
    }

    /** The reference model f. */
    static Scenario reference() {
        return new Scenario(List.of(), UNPERTURBED);
    }

    /** f(x with x_feature · multiplier). */
    static Scenario scaled(int feature, double multiplier) {
        return of(List.of(new Column(feature, multiplier, false)), UNPERTURBED);
    }

    /** f(x with x_first · m1 and x_second · m2). */
    static Scenario scaled(int first, double m1, int second, double m2) {
        return of(List.of(new Column(first, m1, false), new Column(second, m2, false)), UNPERTURBED);
    }

    /** This model with the given columns perturbed by pairing k (any earlier perturbation is replaced). */
    Scenario perturbed(int pairing, int... features) {
        List<Column> out = new ArrayList<>();
        for (Column c : columns) {
            out.add(new Column(c.feature(), c.multiplier(), false));
        }
        for (int feature : features) {
            double m = multiplier(feature);
            out.removeIf(c -> c.feature() == feature);
            out.add(new Column(feature, m, true));
        }
        return of(out, pairing);
    }

    /** The model without perturbation. */
    Scenario model() {
        return of(columns.stream().map(c -> new Column(c.feature(), c.multiplier(), false)).toList(), UNPERTURBED);
    }

    double multiplier(int feature) {
        return columns.stream().filter(c -> c.feature() == feature).mapToDouble(Column::multiplier).findFirst().orElse(1.0);
    }

    private static Scenario of(List<Column> columns, int pairing) {
        List<Column> kept = new ArrayList<>(columns.stream().filter(c -> c.perturbed() || c.multiplier() != 1.0).toList());
        kept.sort(Comparator.comparingInt(Column::feature));
        boolean perturbs = kept.stream().anyMatch(Column::perturbed);
        return new Scenario(kept, perturbs ? pairing : UNPERTURBED);
    }
}
