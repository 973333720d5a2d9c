package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rashomon.info.ExactSum;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fixed-point sum holds exactly the value ExactSum holds, whatever the terms' signs, sizes and order. */
class FixedPointSumTest {
    @Test
    void equalsTheExactSumOnTermsOfEveryMagnitudeAndSign() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            FixedPointSum fixed = new FixedPointSum();
            FixedPointSum squares = new FixedPointSum();
            ExactSum exact = new ExactSum();
            ExactSum exactSquares = new ExactSum();
            int terms = random.nextInt(1, 2000);
            for (int i = 0; i < terms; i++) {
                double term = Math.scalb(random.nextDouble(), random.nextInt(-1100, 200)) * (random.nextBoolean() ? 1 : -1);
                if (random.nextInt(10) == 0) {
                    term = Double.MIN_VALUE * random.nextInt(-5, 5);
                }
                fixed.add(term);
                exact.add(term);
                squares.addSquare(term);
                exactSquares.addSquare(term);
            }
            assertThat(fixed.toExactSum().exact()).isEqualByComparingTo(exact.exact());
            assertThat(squares.toExactSum().exact()).isEqualByComparingTo(exactSquares.exact());
            assertThat(fixed.toExactSum().mean(terms)).isEqualTo(exact.mean(terms));
        }
    }

    @Test
    void mergesInAnyOrder() {
        SplittableRandom random = new SplittableRandom(9);
        FixedPointSum[] parts = new FixedPointSum[4];
        ExactSum exact = new ExactSum();
        for (int p = 0; p < parts.length; p++) {
            parts[p] = new FixedPointSum();
            for (int i = 0; i < 500; i++) {
                double term = (random.nextDouble() - 0.4) * Math.pow(10, random.nextInt(-20, 20));
                parts[p].add(term);
                exact.add(term);
            }
        }
        FixedPointSum forward = new FixedPointSum();
        for (FixedPointSum part : parts) {
            forward.merge(part);
        }
        FixedPointSum backward = new FixedPointSum();
        for (int p = parts.length - 1; p >= 0; p--) {
            backward.merge(parts[p]);
        }
        assertThat(forward.toExactSum().exact()).isEqualByComparingTo(exact.exact());
        assertThat(backward.toExactSum().exact()).isEqualByComparingTo(exact.exact());
    }

    @Test
    void cancellationToZeroAndNegativeTotals() {
        FixedPointSum sum = new FixedPointSum();
        sum.add(1e300);
        sum.add(1e-300);
        sum.add(-1e300);
        assertThat(sum.toExactSum().value()).isEqualTo(1e-300);
        sum.add(-1e-300);
        assertThat(sum.toExactSum().value()).isZero();
        sum.add(-0.75);
        sum.add(-0.5);
        assertThat(sum.toExactSum().value()).isEqualTo(-1.25);
        assertThat(new FixedPointSum().toExactSum().mean(0)).isNaN();
    }

    @Test
    void refusesNonFiniteTerms() {
        assertThatThrownBy(() -> new FixedPointSum().add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FixedPointSum().add(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
