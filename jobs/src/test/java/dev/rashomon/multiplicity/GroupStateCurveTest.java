package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The curve's means are exact whether a row's values go in directly or as their changes between set sizes, and
 * whichever way each row takes.
 */
class GroupStateCurveTest {
    private static final int SIZES = 6;
    private static final int VPR = GroupState.CURVE.indexOf(RowMeasure.VPR_WIDTH);

    @Test
    void rowsByHand() {
        GroupState state = new GroupState(2, 1, SIZES, 0, false);
        // Few changes (as its changes): NaN, then 0.5 from size 2 on, 0.75 from size 5.
        add(state, Double.NaN, 0.5, 0.5, 0.5, 0.75, 0.75);
        // A change at every size (directly).
        add(state, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        assertThat(state.curveMean(1, RowMeasure.VPR_WIDTH)).isEqualTo(0.1);
        assertThat(state.curveMean(2, RowMeasure.VPR_WIDTH)).isEqualTo(0.35);
        assertThat(state.curveMean(4, RowMeasure.VPR_WIDTH)).isEqualTo(0.45);
        assertThat(state.curveMean(6, RowMeasure.VPR_WIDTH)).isEqualTo(0.675);
        assertThat(state.curveDefined[0][VPR]).isEqualTo(1);
        assertThat(state.curveDefined[5][VPR]).isEqualTo(2);
    }

    @Test
    void meansEqualExactMeansForAnyMixOfRowsAndMerges() {
        Random random = new Random(3);
        GroupState first = new GroupState(2, 1, SIZES, 0, false);
        GroupState second = new GroupState(2, 1, SIZES, 0, false);
        BigDecimal[] sums = new BigDecimal[SIZES];
        Arrays.fill(sums, BigDecimal.ZERO);
        long[] counts = new long[SIZES];
        for (int row = 0; row < 500; row++) {
            double[] values = new double[SIZES];
            double value = random.nextBoolean() ? Double.NaN : random.nextDouble();
            for (int s = 0; s < SIZES; s++) {
                // Rows that change rarely and rows that change often, with undefined stretches and negative zeros.
                if (random.nextInt(random.nextBoolean() ? 2 : 8) == 0) {
                    int kind = random.nextInt(6);
                    value = kind == 0 ? Double.NaN : kind == 1 ? -0.0 : random.nextDouble() * Math.scalb(1.0, -random.nextInt(60));
                }
                values[s] = value;
                if (!Double.isNaN(value)) {
                    sums[s] = sums[s].add(new BigDecimal(value));
                    counts[s]++;
                }
            }
            add(row % 3 == 0 ? first : second, values);
        }
        GroupState merged = first.merge(second);
        for (int s = 0; s < SIZES; s++) {
            double expected = counts[s] == 0 ? Double.NaN
                    : sums[s].divide(BigDecimal.valueOf(counts[s]), new MathContext(50)).doubleValue();
            assertThat(merged.curveMean(s + 1, RowMeasure.VPR_WIDTH)).as("size %d", s + 1).isEqualTo(expected);
        }
    }

    @Test
    void binaryRowsCountedByPositivesGiveTheSameCurveAsTheirSums() {
        // Binary rows of 9 members swept by RowSweep; one state counts disagreement and self-consistency per
        // (set size, positives), the other sums them row by row. Split over two states each, then merged.
        int models = 9;
        int[] members = {4, 0, 8, 2, 6, 1, 7, 3, 5};
        int[] sizes = java.util.stream.IntStream.rangeClosed(1, models).toArray();
        Random random = new Random(5);
        GroupState[] counted = {new GroupState(models, 1, models, 0, false), new GroupState(models, 1, models, 0, false)};
        GroupState[] summed = {new GroupState(models, 1, models, 0, false), new GroupState(models, 1, models, 0, false)};
        double[][] epsilon = {RowSweep.undefined()};
        int splitPairs = 0;
        for (int row = 0; row < 400; row++) {
            double[] scores = new double[models];
            int[] decisions = new int[models];
            for (int h = 0; h < models; h++) {
                scores[h] = random.nextDouble();
                decisions[h] = scores[h] >= 0.5 ? 1 : 0;
            }
            double[][] curve = RowSweep.binary(scores, members, members[0], row % 2, 0.5, sizes);
            int[] positives = new int[models];
            for (int s = 0, running = 0; s < models; s++) {
                running += decisions[members[s]];
                positives[s] = running;
            }
            splitPairs += positives[1] == 1 ? 1 : 0;
            counted[row % 2].add(row, decisions[members[0]], row % 2, decisions, null, new double[0], epsilon, curve, positives);
            summed[row % 2].add(row, decisions[members[0]], row % 2, decisions, null, new double[0], epsilon, curve, null);
        }
        GroupState byPositives = counted[0].merge(counted[1]);
        GroupState bySums = summed[0].merge(summed[1]);
        for (int size = 1; size <= models; size++) {
            for (RowMeasure measure : GroupState.CURVE) {
                // Bit for bit (NaN included).
                assertThat(Double.doubleToLongBits(byPositives.curveMean(size, measure))).as("%s at %d", measure, size)
                        .isEqualTo(Double.doubleToLongBits(bySums.curveMean(size, measure)));
            }
        }
        // Size 1 leaves the unbiased disagreement undefined (it divides by m − 1); at size 2 it is 4·1·1/(2·1) = 2
        // for a row whose first two members split, else 0.
        assertThat(byPositives.curveMean(1, RowMeasure.DISAGREEMENT_UNBIASED)).isNaN();
        assertThat(splitPairs).isBetween(100, 300);
        assertThat(byPositives.curveMean(2, RowMeasure.DISAGREEMENT_UNBIASED)).isEqualTo(2.0 * splitPairs / 400);
    }

    private static void add(GroupState state, double... vprWidth) {
        double[][] curve = new double[SIZES][RowMeasure.COUNT];
        for (int s = 0; s < SIZES; s++) {
            Arrays.fill(curve[s], Double.NaN);
            curve[s][RowMeasure.VPR_WIDTH.ordinal()] = vprWidth[s];
        }
        double[][] epsilon = {RowSweep.undefined()};
        state.add(1, 0, 0, new int[] {0, 0}, new double[2], new double[0], epsilon, curve, null);
    }
}
