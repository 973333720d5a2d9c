package dev.rashomon.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CountHistogramTest {

    @Test
    void addAccumulatesMultiplicitiesPerCount() {
        CountHistogram histogram = new CountHistogram();
        histogram.add(3, 2);
        histogram.add(1, 5);
        histogram.add(3, 1);
        histogram.add(7, 0);   // adds nothing

        assertThat(histogram.multiplicity(3)).isEqualTo(3);
        assertThat(histogram.multiplicity(1)).isEqualTo(5);
        assertThat(histogram.multiplicity(7)).isZero();
        assertThat(histogram.multiplicity(2)).isZero();
        assertThat(histogram.distinctCounts()).isEqualTo(2);
        assertThat(histogram.items()).isEqualTo(8);
        assertThat(histogram.total()).isEqualTo(3 * 3 + 1 * 5);
        assertThat(histogram.sortedCounts()).containsExactly(1, 3);
    }

    @Test
    void emptyHistogram() {
        CountHistogram histogram = new CountHistogram();
        assertThat(histogram.sortedCounts()).isEmpty();
        assertThat(histogram.items()).isZero();
        assertThat(histogram.total()).isZero();
        assertThat(histogram.sumCountLogCount()).isEqualTo(0.0);
    }

    @Test
    void rejectsCountsThatAreNotPositive() {
        CountHistogram histogram = new CountHistogram();
        assertThatThrownBy(() -> histogram.add(0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> histogram.add(-5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got -5");
    }

    @Test
    void growsPastTenThousandDistinctCounts() {
        CountHistogram histogram = new CountHistogram();
        for (long count = 10_000; count >= 1; count--) {
            histogram.add(count, count % 7 + 1);
        }
        long items = 0, total = 0;
        for (long count = 1; count <= 10_000; count++) {
            items += count % 7 + 1;
            total += count * (count % 7 + 1);
            assertThat(histogram.multiplicity(count)).as("count %d", count).isEqualTo(count % 7 + 1);
        }
        assertThat(histogram.distinctCounts()).isEqualTo(10_000);
        assertThat(histogram.sortedCounts()).containsExactly(LongStream.rangeClosed(1, 10_000).toArray());
        assertThat(histogram.items()).isEqualTo(items);
        assertThat(histogram.total()).isEqualTo(total);
        assertThat(histogram.multiplicity(10_001)).isZero();
    }

    @Test
    void mergeAddsMultiplicitiesAndIsCommutative() {
        CountHistogram ab = histogramOf(new long[][] {{1, 4}, {2, 1}, {9, 2}});
        ab.merge(histogramOf(new long[][] {{2, 3}, {5, 1}, {9, 1}}));
        CountHistogram ba = histogramOf(new long[][] {{2, 3}, {5, 1}, {9, 1}});
        ba.merge(histogramOf(new long[][] {{1, 4}, {2, 1}, {9, 2}}));

        for (CountHistogram merged : new CountHistogram[] {ab, ba}) {
            assertThat(merged.sortedCounts()).containsExactly(1, 2, 5, 9);
            assertThat(merged.multiplicity(1)).isEqualTo(4);
            assertThat(merged.multiplicity(2)).isEqualTo(4);
            assertThat(merged.multiplicity(5)).isEqualTo(1);
            assertThat(merged.multiplicity(9)).isEqualTo(3);
            assertThat(merged.total()).isEqualTo(4 + 8 + 5 + 27);
        }
        assertThat(ab.sumCountLogCount()).isEqualTo(ba.sumCountLogCount());
    }

    @Test
    void mergeOfManyCountsEqualsAddingThemToOneHistogram() {
        CountHistogram whole = new CountHistogram();
        CountHistogram even = new CountHistogram();
        CountHistogram odd = new CountHistogram();
        for (long count = 1; count <= 500; count++) {
            whole.add(count, count);
            (count % 2 == 0 ? even : odd).add(count, count);
        }
        odd.merge(even);
        assertThat(odd.sortedCounts()).containsExactly(whole.sortedCounts());
        for (long count = 1; count <= 500; count++) {
            assertThat(odd.multiplicity(count)).isEqualTo(count);
        }
        assertThat(odd.sumCountLogCount()).isEqualTo(whole.sumCountLogCount());
    }

    @Test
    void mergeWithItselfDoublesEveryMultiplicity() {
        CountHistogram histogram = histogramOf(new long[][] {{1, 1}, {2, 1}, {3, 1}, {4, 1}});
        histogram.merge(histogram);
        assertThat(histogram.sortedCounts()).containsExactly(1, 2, 3, 4);
        for (long count = 1; count <= 4; count++) {
            assertThat(histogram.multiplicity(count)).as("count %d", count).isEqualTo(2);
        }
        assertThat(histogram.items()).isEqualTo(8);
    }

    @Test
    void sumCountLogCountEqualsTheSumOverEveryItem() {
        long[][] countAndMultiplicity = {{1, 1000}, {2, 17}, {3, 5}, {40, 2}, {1234, 1}, {999_983, 3}};
        double direct = 0;
        for (long[] entry : countAndMultiplicity) {
            for (int i = 0; i < entry[1]; i++) {
                direct += entry[0] * Math.log(entry[0]);
            }
        }
        assertThat(histogramOf(countAndMultiplicity).sumCountLogCount()).isCloseTo(direct, offset(1e-13 * direct));
        // 17·2ln2 + 5·3ln3 + 2·40ln40 + 1234 ln1234 + 3·999983 ln999983, ones contribute 0
        assertThat(direct).isCloseTo(41_454_894.87183, offset(1e-4));
    }

    @Test
    void keepsCountsBeyondTwoToTheThirtyFirstExactly() {
        CountHistogram histogram = new CountHistogram();
        histogram.add(3_000_000_000L, 1);
        histogram.add(3_000_000_000L, 1);
        histogram.add(3_000_000_001L, 1);
        assertThat(histogram.sortedCounts()).containsExactly(3_000_000_000L, 3_000_000_001L);
        assertThat(histogram.multiplicity(3_000_000_000L)).isEqualTo(2);
        assertThat(histogram.total()).isEqualTo(9_000_000_001L);
        assertThat(histogram.sumCountLogCount())
                .isCloseTo(2 * 3e9 * Math.log(3e9) + 3_000_000_001.0 * Math.log(3_000_000_001.0), offset(1e-4));
    }

    private static CountHistogram histogramOf(long[][] countAndMultiplicity) {
        CountHistogram histogram = new CountHistogram();
        for (long[] entry : countAndMultiplicity) {
            histogram.add(entry[0], entry[1]);
        }
        return histogram;
    }
}
