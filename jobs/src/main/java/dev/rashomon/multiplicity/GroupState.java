package dev.rashomon.multiplicity;

import dev.rashomon.info.DecisionPatterns;
import java.io.Serializable;
import java.util.List;

/**
 * The mergeable state of one group (or of all rows) after a pass over the predictions: per-model
 * counts (conflicts with the reference and with the label, δ-deviations, pairwise conflicts,
 * decision-pattern fingerprints), for every ε the exact sums of the indicators (their rates) and, for every set
 * size, exact sums of the curve's measures. The other measures' means come with their {@link Distribution}.
 * Every field merges by addition, so the result is the same for any partitioning.
 */
final class GroupState implements Serializable {
    private static final long serialVersionUID = 1L;

    final int models;
    long rows;
    /** Rows where model h decides differently from the reference. */
    final long[] flips;
    /** Rows where model h decides differently from the label. */
    final long[] errors;
    /** [δ][h]: rows where |s_h − s_ref| ≥ δ. */
    final long[][] deviations;
    /** Rows where two models decide differently, for every pair; null when skipped. */
    final PairConflicts pairConflicts;
    /** Each model's decision-vector fingerprint. */
    final DecisionPatterns patterns;
    /** [ε][measure]: rows where the measure is defined and its exact sum, for the {@link RowMeasure#RATES} alone. */
    final long[][] defined;
    final FixedPointSum[][] sums;
    /**
     * [size − 1][curve measure]: the same for every set size 1..members, without squares. A row whose value
     * changes at few sizes (an indicator, a range that only widens now and then) goes into curveChanges instead:
     * at each size where its value differs from the size before, its new value and minus its old. The sum at a
     * size is the direct sum plus every change up to it, exactly ({@link #curveMean}), so it is the same either way.
     */
    final long[][] curveDefined;
    final FixedPointSum[][] curveSums;
    final FixedPointSum[][] curveChanges;
    /**
     * Binary rows: [size − 1][k] how many rows have k positive decisions among the first {@code size} members, and
     * [{@link #BY_POSITIVES} index][size − 1][k] the measure's value there, the same for every such row. The
     * measures of {@link #BY_POSITIVES} are counted this way instead of summed per row: one increment per size.
     */
    final long[][] positiveRows;
    final double[][][] valueAtPositives;

    /** The measures the curve follows against the number of models. */
    static final List<RowMeasure> CURVE = List.of(RowMeasure.AMBIGUOUS, RowMeasure.VPR_WIDTH,
            RowMeasure.SCORE_STD, RowMeasure.RASHOMON_CAPACITY, RowMeasure.DISAGREEMENT_UNBIASED,
            RowMeasure.SELF_CONSISTENCY);
    private static final int[] CURVE_ORDINALS = CURVE.stream().mapToInt(Enum::ordinal).toArray();
    /** The curve measures that a binary row's set size and number of positive decisions determine. */
    static final List<RowMeasure> BY_POSITIVES = List.of(RowMeasure.DISAGREEMENT_UNBIASED, RowMeasure.SELF_CONSISTENCY);
    private static final int[] BY_POSITIVES_ORDINALS = BY_POSITIVES.stream().mapToInt(Enum::ordinal).toArray();
    private static final boolean[] COUNTED_BY_POSITIVES = new boolean[CURVE.size()];

    static {
        BY_POSITIVES.forEach(m -> COUNTED_BY_POSITIVES[CURVE.indexOf(m)] = true);
    }
    private static final int[] RATE_ORDINALS = RowMeasure.RATES.stream().mapToInt(Enum::ordinal).toArray();

    GroupState(int models, int epsilons, int curveSizes, int deltas, boolean pairs) {
        this.models = models;
        flips = new long[models];
        errors = new long[models];
        deviations = new long[deltas][models];
        pairConflicts = pairs ? new PairConflicts(models) : null;
        patterns = new DecisionPatterns(models);
        defined = new long[epsilons][RowMeasure.COUNT];
        sums = newSums(epsilons, RowMeasure.COUNT);
        curveDefined = new long[curveSizes][CURVE.size()];
        curveSums = newSums(curveSizes, CURVE.size());
        curveChanges = newSums(curveSizes, CURVE.size());
        positiveRows = new long[curveSizes][curveSizes + 1];
        valueAtPositives = new double[BY_POSITIVES.size()][curveSizes][curveSizes + 1];
    }

    private static FixedPointSum[][] newSums(int rows, int columns) {
        FixedPointSum[][] out = new FixedPointSum[rows][columns];
        for (FixedPointSum[] row : out) {
            for (int k = 0; k < columns; k++) {
                row[k] = new FixedPointSum();
            }
        }
        return out;
    }

    /**
     * Adds one row. The arrays are the caller's and are only read.
     *
     * @param rowHash {@link DecisionPatterns#rowHash} of the row id
     * @param decisions the decision of every pool model
     * @param deviations |s_h − s_ref| of every pool model, or null for multiclass
     * @param deltas the δ thresholds, increasing
     * @param epsilonMeasures [ε][measure]
     * @param curveMeasures [size − 1][measure] for every set size 1..members
     * @param positives [size − 1]: positive decisions among the first size members (binary), or null (multiclass)
     */
    void add(long rowHash, int referenceDecision, int label, int[] decisions, double[] deviations, double[] deltas,
             double[][] epsilonMeasures, double[][] curveMeasures, int[] positives) {
        rows++;
        for (int h = 0; h < models; h++) {
            int decision = decisions[h];
            flips[h] += decision == referenceDecision ? 0 : 1;
            errors[h] += decision == label ? 0 : 1;
            patterns.add(h, rowHash, decision);
        }
        if (deviations != null) {
            for (int d = 0; d < deltas.length; d++) {
                long[] counts = this.deviations[d];
                double delta = deltas[d];
                for (int h = 0; h < models; h++) {
                    counts[h] += deviations[h] >= delta ? 1 : 0;
                }
            }
        }
        if (pairConflicts != null) {
            pairConflicts.add(decisions);
        }
        for (int e = 0; e < epsilonMeasures.length; e++) {
            double[] measures = epsilonMeasures[e];
            for (int k : RATE_ORDINALS) {
                double value = measures[k];
                if (!Double.isNaN(value)) {
                    defined[e][k]++;
                    sums[e][k].add(value);
                }
            }
        }
        for (int c = 0; c < CURVE_ORDINALS.length; c++) {
            if (positives == null || !COUNTED_BY_POSITIVES[c]) {
                addCurve(c, CURVE_ORDINALS[c], curveMeasures);
            }
        }
        if (positives != null) {
            for (int s = 0; s < curveMeasures.length; s++) {
                int k = positives[s];
                if (positiveRows[s][k]++ == 0) {
                    for (int b = 0; b < BY_POSITIVES_ORDINALS.length; b++) {
                        valueAtPositives[b][s][k] = curveMeasures[s][BY_POSITIVES_ORDINALS[b]];
                    }
                }
            }
        }
    }

    /** One curve measure of one row: as direct sums, or as its changes where those cost fewer additions. */
    private void addCurve(int c, int measure, double[][] curveMeasures) {
        int defined = 0;
        int changes = 0;
        double previous = Double.NaN;
        for (int s = 0; s < curveMeasures.length; s++) {
            double value = curveMeasures[s][measure];
            if (!Double.isNaN(value)) {
                curveDefined[s][c]++;
                defined++;
            }
            changes += differ(value, previous) ? 1 : 0;
            previous = value;
        }
        if (2 * changes < defined) {
            previous = Double.NaN;
            for (int s = 0; s < curveMeasures.length; s++) {
                double value = curveMeasures[s][measure];
                if (differ(value, previous)) {
                    if (!Double.isNaN(previous)) {
                        curveChanges[s][c].add(-previous);
                    }
                    if (!Double.isNaN(value)) {
                        curveChanges[s][c].add(value);
                    }
                }
                previous = value;
            }
        } else {
            for (int s = 0; s < curveMeasures.length; s++) {
                double value = curveMeasures[s][measure];
                if (!Double.isNaN(value)) {
                    curveSums[s][c].add(value);
                }
            }
        }
    }

    /** Whether two values differ, NaN (undefined) equal to itself only. */
    private static boolean differ(double a, double b) {
        return Double.doubleToLongBits(a) != Double.doubleToLongBits(b);
    }

    GroupState merge(GroupState other) {
        rows += other.rows;
        for (int h = 0; h < models; h++) {
            flips[h] += other.flips[h];
            errors[h] += other.errors[h];
        }
        patterns.merge(other.patterns);
        for (int d = 0; d < deviations.length; d++) {
            for (int h = 0; h < models; h++) {
                deviations[d][h] += other.deviations[d][h];
            }
        }
        if (pairConflicts != null) {
            pairConflicts.merge(other.pairConflicts);
        }
        for (int e = 0; e < defined.length; e++) {
            for (int k = 0; k < RowMeasure.COUNT; k++) {
                defined[e][k] += other.defined[e][k];
                sums[e][k].merge(other.sums[e][k]);
            }
        }
        for (int s = 0; s < positiveRows.length; s++) {
            for (int k = 0; k < positiveRows[s].length; k++) {
                if (positiveRows[s][k] == 0 && other.positiveRows[s][k] > 0) {
                    for (int b = 0; b < valueAtPositives.length; b++) {
                        valueAtPositives[b][s][k] = other.valueAtPositives[b][s][k];
                    }
                }
                positiveRows[s][k] += other.positiveRows[s][k];
            }
        }
        for (int s = 0; s < curveDefined.length; s++) {
            for (int c = 0; c < CURVE.size(); c++) {
                curveDefined[s][c] += other.curveDefined[s][c];
                curveSums[s][c].merge(other.curveSums[s][c]);
                curveChanges[s][c].merge(other.curveChanges[s][c]);
            }
        }
        return this;
    }

    /** The rate of an indicator of {@link RowMeasure#RATES} where defined, for the set of ε index {@code e}; NaN if none. */
    double rate(int e, RowMeasure indicator) {
        return sums[e][indicator.ordinal()].toExactSum().mean(defined[e][indicator.ordinal()]);
    }

    /** Mean of a curve measure for the set of the first {@code size} members. */
    double curveMean(int size, RowMeasure measure) {
        int c = CURVE.indexOf(measure);
        FixedPointSum total = new FixedPointSum();
        total.merge(curveSums[size - 1][c]);
        for (int s = 0; s < size; s++) {
            total.merge(curveChanges[s][c]);
        }
        long defined = curveDefined[size - 1][c];
        int b = BY_POSITIVES.indexOf(measure);
        if (b >= 0) {
            for (int k = 0; k < positiveRows[size - 1].length; k++) {
                long rows = positiveRows[size - 1][k];
                double value = valueAtPositives[b][size - 1][k];
                if (rows > 0 && !Double.isNaN(value)) {
                    total.addTimes(value, rows);
                    defined += rows;
                }
            }
        }
        return total.toExactSum().mean(defined);
    }
}
