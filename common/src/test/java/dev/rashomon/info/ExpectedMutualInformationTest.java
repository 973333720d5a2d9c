package dev.rashomon.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectedMutualInformationTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void matchesTheTripleSumOfVinhEppsBaileyOnRandomMarginals(long seed) {
        Random random = new Random(seed);
        long[] valueTotals = randomValueTotals(random);
        long[] classTotals = randomPartition(random, LongStream.of(valueTotals).sum(), 2 + random.nextInt(3));

        double emi = ExpectedMutualInformation.compute(classTotals, histogramOf(valueTotals));

        double expected = bruteForceEmi(classTotals, valueTotals);
        assertThat(emi).isCloseTo(expected, offset(1e-13 * expected));
        assertThat(emi).isGreaterThan(0.0);
    }

    @Test
    void dependsOnlyOnTheMultisetOfValueTotals() {
        Random random = new Random(11);
        long[] valueTotals = randomValueTotals(random);
        long[] classTotals = randomPartition(random, LongStream.of(valueTotals).sum(), 3);

        List<Long> shuffled = new ArrayList<>(LongStream.of(valueTotals).boxed().toList());
        Collections.shuffle(shuffled, new Random(12));
        CountHistogram firstHalf = new CountHistogram();
        CountHistogram secondHalf = new CountHistogram();
        for (int j = 0; j < shuffled.size(); j++) {
            (j % 2 == 0 ? firstHalf : secondHalf).add(shuffled.get(j), 1);
        }
        secondHalf.merge(firstHalf);

        assertThat(ExpectedMutualInformation.compute(classTotals, secondHalf))
                .isEqualTo(ExpectedMutualInformation.compute(classTotals, histogramOf(valueTotals)));
    }

    @Test
    void oneValueHoldingEveryRowHasNoExpectedInformation() {
        CountHistogram oneValue = new CountHistogram();
        oneValue.add(100, 1);
        // n_ij = a_i with probability 1, and ln(N·a_i/(a_i·N)) = 0
        assertThat(ExpectedMutualInformation.compute(new long[] {30, 70}, oneValue)).isEqualTo(0.0);
    }

    @Test
    void featureOfSingletonValuesExpectsTheLabelEntropy() {
        // Every value holds one row, so under any permutation H(F) = H(F,Y) = ln N and MI = H(Y).
        long[] classTotals = {7, 13, 30};
        CountHistogram singletons = new CountHistogram();
        singletons.add(1, 50);
        double labelEntropy = 0;
        for (long a : classTotals) {
            labelEntropy -= a / 50.0 * Math.log(a / 50.0);
        }
        assertThat(ExpectedMutualInformation.compute(classTotals, singletons)).isCloseTo(labelEntropy, offset(1e-12));
    }

    @Test
    void bankMarketingJobColumnMatchesScikitLearn() {
        long[] jobCounts = {9732, 9458, 7597, 5171, 4154, 2264, 1579, 1487, 1303, 1240, 938, 288};
        long[] classTotals = {39922, 5289};
        assertThat(LongStream.of(jobCounts).sum()).isEqualTo(45211).isEqualTo(LongStream.of(classTotals).sum());
        // sklearn 1.2.1 expected_mutual_information on bank-full.csv's label vs job
        assertThat(ExpectedMutualInformation.compute(classTotals, histogramOf(jobCounts)))
                .isCloseTo(0.00012179152619804858, offset(1e-12));
    }

    /**
     * Vinh, Epps and Bailey (2010), eq. 24, literally: every class i, every value j on its own,
     * every n_ij in [max(1, a_i+b_j−N), min(a_i, b_j)], with the hypergeometric probability from
     * exact binomial coefficients; the terms are added without rounding.
     */
    private static double bruteForceEmi(long[] classTotals, long[] valueTotals) {
        int n = (int) LongStream.of(classTotals).sum();
        BigInteger[] factorial = new BigInteger[n + 1];
        factorial[0] = BigInteger.ONE;
        for (int i = 1; i <= n; i++) {
            factorial[i] = factorial[i - 1].multiply(BigInteger.valueOf(i));
        }
        BigDecimal emi = BigDecimal.ZERO;
        for (long aLong : classTotals) {
            for (long bLong : valueTotals) {
                int a = (int) aLong, b = (int) bLong;
                for (int k = Math.max(1, a + b - n); k <= Math.min(a, b); k++) {
                    BigInteger ways = binomial(factorial, a, k).multiply(binomial(factorial, n - a, b - k));
                    double p = new BigDecimal(ways)
                            .divide(new BigDecimal(binomial(factorial, n, b)), MathContext.DECIMAL128).doubleValue();
                    double term = (double) k / n * Math.log((double) n * k / ((double) a * b)) * p;
                    emi = emi.add(new BigDecimal(term));
                }
            }
        }
        return emi.doubleValue();
    }

    private static BigInteger binomial(BigInteger[] factorial, int n, int k) {
        return factorial[n].divide(factorial[k].multiply(factorial[n - k]));
    }

    /** 5–30 values, about half of them with a total of 1, 2 or 3, so many totals repeat. */
    private static long[] randomValueTotals(Random random) {
        long[] totals = new long[5 + random.nextInt(26)];
        for (int j = 0; j < totals.length; j++) {
            totals[j] = random.nextBoolean() ? 1 + random.nextInt(3) : 1 + random.nextInt(20);
        }
        return totals;
    }

    /** {@code total} split into {@code parts} positive parts at random cut points. */
    private static long[] randomPartition(Random random, long total, int parts) {
        long[] cuts = random.longs(0, total - 1).distinct().limit(parts - 1).sorted().toArray();
        long[] sizes = new long[parts];
        long previous = 0;
        for (int i = 0; i < parts - 1; i++) {
            sizes[i] = cuts[i] + 1 - previous;
            previous = cuts[i] + 1;
        }
        sizes[parts - 1] = total - previous;
        return sizes;
    }

    private static CountHistogram histogramOf(long[] valueTotals) {
        CountHistogram histogram = new CountHistogram();
        for (long b : valueTotals) {
            histogram.add(b, 1);
        }
        return histogram;
    }
}
