package dev.rashomon.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContingencyStatisticsTest {
    private static final double LN2 = Math.log(2);

    @Test
    void perfectlyDependentTwoByTwo() {
        ContingencyStatistics stats = statisticsOf(new long[][] {{2, 0}, {0, 2}});
        assertThat(stats.rows()).isEqualTo(4);
        assertThat(stats.featureEntropy()).isCloseTo(LN2, offset(1e-15));
        assertThat(stats.labelEntropy()).isCloseTo(LN2, offset(1e-15));
        assertThat(stats.jointEntropy()).isCloseTo(LN2, offset(1e-15));
        assertThat(stats.mutualInformation()).isCloseTo(LN2, offset(1e-15));
        assertThat(ContingencyStatistics.mutualInformationOfTable(new long[][] {{2, 0}, {0, 2}})).isCloseTo(LN2, offset(1e-15));
    }

    @Test
    void independentTwoByTwo() {
        ContingencyStatistics stats = statisticsOf(new long[][] {{1, 1}, {1, 1}});
        assertThat(stats.jointEntropy()).isCloseTo(Math.log(4), offset(1e-15));
        assertThat(stats.mutualInformation()).isCloseTo(0.0, offset(1e-15));
        assertThat(ContingencyStatistics.mutualInformationOfTable(new long[][] {{1, 1}, {1, 1}})).isCloseTo(0.0, offset(1e-15));
    }

    @Test
    void threeByTwoByHand() {
        long[][] table = {{3, 1}, {1, 3}, {2, 2}};
        // N = 12, value totals 4,4,4, class totals 6,6, so N·n/(n_v·n_c) = n/2:
        // MI = 2·(3/12)·ln(3/2) + 2·(1/12)·ln(1/2) + 2·(2/12)·ln 1 = ½ln3 − ⅔ln2 ≈ 0.0872080
        double mi = 0.5 * Math.log(3) - 2.0 / 3 * LN2;
        // H(F,Y) = ln12 − (2·3ln3 + 2·2ln2 + 2·1ln1)/12 = ln12 − ½ln3 − ⅓ln2
        double joint = Math.log(12) - 0.5 * Math.log(3) - LN2 / 3;

        ContingencyStatistics stats = statisticsOf(table);
        assertThat(stats.featureEntropy()).isCloseTo(Math.log(3), offset(1e-15));
        assertThat(stats.labelEntropy()).isCloseTo(LN2, offset(1e-15));
        assertThat(stats.jointEntropy()).isCloseTo(joint, offset(1e-15));
        assertThat(stats.mutualInformation()).isCloseTo(mi, offset(1e-15)).isCloseTo(0.0872080, offset(1e-7));
        assertThat(ContingencyStatistics.mutualInformationOfTable(table)).isCloseTo(mi, offset(1e-15));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void histogramsAgreeWithTheTableAndWithTheEntropyIdentity(long seed) {
        long[][] table = randomTable(new Random(seed));
        ContingencyStatistics stats = statisticsOf(table);

        long n = 0;
        long[] valueTotals = new long[table.length];
        long[] classTotals = new long[table[0].length];
        for (int v = 0; v < table.length; v++) {
            for (int c = 0; c < table[v].length; c++) {
                valueTotals[v] += table[v][c];
                classTotals[c] += table[v][c];
                n += table[v][c];
            }
        }
        double hf = entropy(valueTotals, n);
        double hy = entropy(classTotals, n);
        double hfy = 0;
        for (long[] row : table) {
            hfy += entropy(row, n);
        }

        assertThat(stats.rows()).isEqualTo(n);
        assertThat(stats.featureEntropy()).isCloseTo(hf, offset(1e-12));
        assertThat(stats.labelEntropy()).isCloseTo(hy, offset(1e-12));
        assertThat(stats.jointEntropy()).isCloseTo(hfy, offset(1e-12));
        assertThat(stats.mutualInformation())
                .isCloseTo(ContingencyStatistics.mutualInformationOfTable(table), offset(1e-12))
                .isCloseTo(hf + hy - hfy, offset(1e-12))
                .isGreaterThanOrEqualTo(0.0)
                .isLessThanOrEqualTo(Math.min(hf, hy) + 1e-12);
    }

    @Test
    void oneCategoryFeatureOrOneClassLabelHasExactlyZeroInformation() {
        ContingencyStatistics oneValue = statisticsOf(new long[][] {{3, 5, 2}});
        assertThat(oneValue.mutualInformation()).isEqualTo(0.0);
        assertThat(oneValue.featureEntropy()).isEqualTo(0.0);
        assertThat(oneValue.labelEntropy()).isCloseTo(-(0.3 * Math.log(0.3) + 0.5 * Math.log(0.5) + 0.2 * Math.log(0.2)), offset(1e-15));

        ContingencyStatistics oneClass = statisticsOf(new long[][] {{4}, {1}, {7}});
        assertThat(oneClass.mutualInformation()).isEqualTo(0.0);
        assertThat(oneClass.labelEntropy()).isEqualTo(0.0);
    }

    @Test
    void emptyTableGivesZeros() {
        assertThat(ContingencyStatistics.of(new CountHistogram(), new CountHistogram(), new CountHistogram()))
                .isEqualTo(new ContingencyStatistics(0, 0, 0, 0, 0));
    }

    /** The three histograms of a dense table[value][class]; zero cells and totals are not counted. */
    private static ContingencyStatistics statisticsOf(long[][] table) {
        CountHistogram values = new CountHistogram();
        CountHistogram classes = new CountHistogram();
        CountHistogram cells = new CountHistogram();
        long[] classTotals = new long[table[0].length];
        for (long[] row : table) {
            long rowTotal = 0;
            for (int c = 0; c < row.length; c++) {
                rowTotal += row[c];
                classTotals[c] += row[c];
                if (row[c] > 0) {
                    cells.add(row[c], 1);
                }
            }
            values.add(rowTotal, 1);
        }
        for (long total : classTotals) {
            if (total > 0) {
                classes.add(total, 1);
            }
        }
        return ContingencyStatistics.of(values, classes, cells);
    }

    /** −Σ n_i/N ln(n_i/N) over the non-zero n_i. */
    private static double entropy(long[] counts, long n) {
        double h = 0;
        for (long count : counts) {
            if (count > 0) {
                h -= (double) count / n * Math.log((double) count / n);
            }
        }
        return h;
    }

    /** 2–12 values × 2–4 classes, cells 0–30 with about a third zero, no empty value row. */
    private static long[][] randomTable(Random random) {
        long[][] table = new long[2 + random.nextInt(11)][2 + random.nextInt(3)];
        for (long[] row : table) {
            for (int c = 0; c < row.length; c++) {
                row[c] = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(30);
            }
            if (Arrays.stream(row).sum() == 0) {
                row[random.nextInt(row.length)] = 1;
            }
        }
        return table;
    }
}
