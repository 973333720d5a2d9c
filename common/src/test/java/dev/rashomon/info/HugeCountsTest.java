package dev.rashomon.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernels fed counts beyond 2^31 (issue 8, "huge values"): a contingency table scaled by s has
 * the MI and entropies of the small table, a G statistic s times as large, and an expected MI that
 * tends to the χ² limit (values−1)(classes−1)/(2N).
 */
class HugeCountsTest {
    private static final long[][] SMALL = {{3, 1}, {2, 4}, {1, 5}};

    @ParameterizedTest(name = "scale {0}")
    @ValueSource(longs = {200_000_000L, 1L << 36})
    void scaledTableHasTheSmallTablesEntropiesAndMi(long scale) {
        ContingencyStatistics small = statistics(SMALL, 1);
        ContingencyStatistics huge = statistics(SMALL, scale);

        assertThat(huge.rows()).isEqualTo(16 * scale).isGreaterThan(1L << 31);
        assertThat(huge.mutualInformation()).isCloseTo(small.mutualInformation(), offset(1e-13));
        assertThat(huge.featureEntropy()).isCloseTo(small.featureEntropy(), offset(1e-13));
        assertThat(huge.labelEntropy()).isCloseTo(small.labelEntropy(), offset(1e-13));
        assertThat(huge.jointEntropy()).isCloseTo(small.jointEntropy(), offset(1e-13));
        assertThat(ContingencyStatistics.mutualInformationOfTable(scaled(SMALL, scale)))
                .isCloseTo(small.mutualInformation(), offset(1e-13));
        // G = 2·N·MI grows linearly with N
        double gSmall = 2.0 * small.rows() * small.mutualInformation();
        double gHuge = 2.0 * huge.rows() * huge.mutualInformation();
        assertThat(gHuge / scale).isCloseTo(gSmall, offset(1e-11 * gSmall));
    }

    @ParameterizedTest(name = "scale {0}")
    @ValueSource(longs = {200_000_000L, 1L << 36})
    void expectedMiOfAHugeTableIsTheChiSquaredLimit(long scale) {
        long[][] table = scaled(SMALL, scale);
        long rows = 16 * scale;
        // Under the permutation null 2·N·MI → χ²((3−1)(2−1)), so EMI → 2/(2N); the next term is O(1/cell) ≈ 1e-8 here.
        double limit = 2.0 / (2.0 * rows);

        double emi = ExpectedMutualInformation.compute(columnTotals(table), rowTotals(table));

        assertThat(emi / limit).isCloseTo(1.0, offset(1e-6));
    }

    @Test
    void productDifferenceIsExactBeyondSixtyFourBits() {
        long big = 1L << 40;
        assertThat(ExpectedMutualInformation.productDifference(big, big + 3, big + 1, big + 2)).isEqualTo(-2.0);
        assertThat(ExpectedMutualInformation.productDifference(big, big, 1, 1)).isEqualTo(0x1p80 - 1);
        assertThat(ExpectedMutualInformation.productDifference(1, 1, big, big)).isEqualTo(1 - 0x1p80);
        assertThat(ExpectedMutualInformation.productDifference(3_000_000_000L, 7, 5, 4_200_000_000L)).isEqualTo(0.0);
    }

    @Test
    void histogramOfCountsAndMultiplicitiesBeyond2To31() {
        CountHistogram histogram = new CountHistogram();
        histogram.add(1L << 40, 3_000_000_000L);
        histogram.add(1, 3_000_000_000L);
        histogram.add(3_000_000_000L, 2);

        assertThat(histogram.items()).isEqualTo(6_000_000_002L);
        assertThat(histogram.total()).isEqualTo(3_000_000_000L * (1L << 40) + 3_000_000_000L + 6_000_000_000L);
        double expected = 3e9 * 0x1p40 * Math.log(0x1p40) + 2 * 3e9 * Math.log(3e9);
        assertThat(histogram.sumCountLogCount()).isCloseTo(expected, offset(1e-15 * expected));
    }

    @ParameterizedTest(name = "z = {0}")
    @ValueSource(doubles = {-3, -1, 0, 1, 3, 8})
    void chiSquaredTailOfTrillionsOfDegreesIsTheEdgeworthNormal(double z) {
        long dof = 1L << 40;
        double statistic = dof + z * Math.sqrt(2.0 * dof);
        // P(Z ≥ z) ≈ Q(z) + γ/6·(z² − 1)·φ(z) with skewness γ = √(8/k); the rest is O(z^6/k) relative
        double normalTail = 0.5 * Erf.erfc(z / Math.sqrt(2));
        double density = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
        double expected = normalTail + Math.sqrt(8.0 / dof) / 6 * (z * z - 1) * density;

        assertThat(ChiSquared.survival(statistic, dof)).isCloseTo(expected, offset(1e-7 * expected));
    }

    @ParameterizedTest(name = "z = {0}")
    @ValueSource(doubles = {-3, 0, 3, 6})
    void chiSquaredApproximationTakesOverSmoothly(double z) {
        long dof = ChiSquared.WILSON_HILFERTY_DEGREES;
        double statistic = dof + z * Math.sqrt(2.0 * dof);
        double gamma = ChiSquared.survival(statistic, dof);

        assertThat(ChiSquared.wilsonHilferty(statistic, dof)).isCloseTo(gamma, offset(1e-5 * gamma));
    }

    @Test
    void chiSquaredNeverGivesUpOnHugeDegreesOfFreedom() {
        // the incomplete gamma function's series threw MaxCountExceededException here
        assertThat(ChiSquared.survival(1e9, 1_000_000_000L)).isCloseTo(0.5, offset(1e-4));
        assertThat(ChiSquared.survival(Long.MAX_VALUE / 2.0, Long.MAX_VALUE / 2)).isCloseTo(0.5, offset(1e-4));
        assertThat(ChiSquared.survival(1e12, 1_000_000_000L)).isEqualTo(0.0);
        assertThat(ChiSquared.survival(1e6, 1_000_000_000L)).isEqualTo(1.0);
    }

    private static ContingencyStatistics statistics(long[][] table, long scale) {
        long[][] t = scaled(table, scale);
        CountHistogram cells = new CountHistogram();
        for (long[] row : t) {
            for (long cell : row) {
                cells.add(cell, 1);
            }
        }
        CountHistogram classes = new CountHistogram();
        for (long total : columnTotals(t)) {
            classes.add(total, 1);
        }
        return ContingencyStatistics.of(rowTotals(t), classes, cells);
    }

    private static long[][] scaled(long[][] table, long scale) {
        long[][] out = new long[table.length][];
        for (int v = 0; v < table.length; v++) {
            out[v] = new long[table[v].length];
            for (int c = 0; c < table[v].length; c++) {
                out[v][c] = Math.multiplyExact(table[v][c], scale);
            }
        }
        return out;
    }

    private static CountHistogram rowTotals(long[][] table) {
        CountHistogram totals = new CountHistogram();
        for (long[] row : table) {
            long total = 0;
            for (long cell : row) {
                total += cell;
            }
            totals.add(total, 1);
        }
        return totals;
    }

    private static long[] columnTotals(long[][] table) {
        long[] totals = new long[table[0].length];
        for (long[] row : table) {
            for (int c = 0; c < row.length; c++) {
                totals[c] += row[c];
            }
        }
        return totals;
    }
}
