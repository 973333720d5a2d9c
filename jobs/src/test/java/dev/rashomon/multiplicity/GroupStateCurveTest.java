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

    private static void add(GroupState state, double... vprWidth) {
        double[][] curve = new double[SIZES][RowMeasure.COUNT];
        for (int s = 0; s < SIZES; s++) {
            Arrays.fill(curve[s], Double.NaN);
            curve[s][RowMeasure.VPR_WIDTH.ordinal()] = vprWidth[s];
        }
        double[][] epsilon = {RowSweep.undefined()};
        state.add(1, 0, 0, new int[] {0, 0}, new double[2], new double[0], epsilon, curve);
    }
}
