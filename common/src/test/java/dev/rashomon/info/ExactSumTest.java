package dev.rashomon.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumTest {
    @Test
    void sumsWithoutCancellationErrors() {
        ExactSum sum = new ExactSum();
        sum.add(1e16);
        sum.add(1.0);
        sum.add(-1e16);
        assertThat(sum.value()).isEqualTo(1.0);
        assertThat(sum.exact()).isEqualByComparingTo("1");
    }

    @Test
    void equalsTheBigDecimalSumInAnyOrderAndMergeSplit() {
        Random random = new Random(7);
        List<Double> terms = new ArrayList<>();
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 0; i < 5000; i++) {
            double term = random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15);
            terms.add(term);
            expected = expected.add(new BigDecimal(term));
        }
        ExactSum inOrder = new ExactSum();
        terms.forEach(inOrder::add);
        Collections.shuffle(terms, random);
        ExactSum left = new ExactSum();
        ExactSum right = new ExactSum();
        for (int i = 0; i < terms.size(); i++) {
            (i % 3 == 0 ? left : right).add(terms.get(i));
        }
        right.merge(left);
        assertThat(inOrder.exact()).isEqualByComparingTo(expected);
        assertThat(right.exact()).isEqualByComparingTo(expected);
        assertThat(right.value()).isEqualTo(inOrder.value()).isEqualTo(expected.doubleValue());
    }

    @Test
    void meanAndStandardDeviationAreRoundedOnce() {
        double[] x = {0.1, 0.2, 0.3, 0.4, 1e-9};
        ExactSum sum = new ExactSum();
        ExactSum squares = new ExactSum();
        BigDecimal exactSum = BigDecimal.ZERO;
        for (double v : x) {
            sum.add(v);
            squares.addSquare(v);
            exactSum = exactSum.add(new BigDecimal(v));
        }
        MathContext wide = new MathContext(60);
        BigDecimal mean = exactSum.divide(BigDecimal.valueOf(x.length), wide);
        BigDecimal deviations = BigDecimal.ZERO;
        for (double v : x) {
            BigDecimal d = new BigDecimal(v).subtract(mean);
            deviations = deviations.add(d.multiply(d));
        }
        assertThat(sum.mean(x.length)).isEqualTo(mean.doubleValue());
        assertThat(ExactSum.standardDeviation(sum, squares, x.length, 0))
                .isEqualTo(deviations.divide(BigDecimal.valueOf(5), wide).sqrt(wide).doubleValue());
        assertThat(ExactSum.standardDeviation(sum, squares, x.length, 1))
                .isEqualTo(deviations.divide(BigDecimal.valueOf(4), wide).sqrt(wide).doubleValue());
        assertThat(ExactSum.standardDeviation(sum, squares, 1, 1)).isNaN();
        assertThat(new ExactSum().mean(0)).isNaN();
    }

    @Test
    void nearlyEqualValuesHaveATinyButExactSpread() {
        ExactSum sum = new ExactSum();
        ExactSum squares = new ExactSum();
        double a = 0.7;
        double b = Math.nextUp(0.7);
        for (double v : new double[] {a, b}) {
            sum.add(v);
            squares.addSquare(v);
        }
        assertThat(ExactSum.standardDeviation(sum, squares, 2, 0)).isEqualTo((b - a) / 2);
    }

    @Test
    void refusesNonFiniteTerms() {
        assertThatThrownBy(() -> new ExactSum().add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
