package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A feature's counts beyond 2^31 through the exact mode's own tables (the value slots, the merged
 * per-feature counts) and into its scores: scaling every count by s keeps MI, entropy and gain ratio,
 * multiplies G by s, keeps its degrees of freedom, and drives EMI to the χ² limit df/(2N).
 */
class HugeCountsScoreTest {
    private static final String[] CLASSES = {"no", "yes"};
    private static final long[][] SMALL = {{3, 1}, {2, 4}, {1, 5}};
    private static final long SCALE = 3_000_000_000L;

    @Test
    void valueSlotsHoldCountsBeyond2To31() {
        ValueSlots slots = new ValueSlots(2);
        int slot = slots.slotOf("a".getBytes(StandardCharsets.UTF_8));
        slots.add(slot, 1, 1L << 40);
        slots.add(slot, 1, SCALE);
        slots.add(slot, 0);

        assertThat(slots.count(slot, 1)).isEqualTo((1L << 40) + SCALE);
        assertThat(slots.total(slot)).isEqualTo((1L << 40) + SCALE + 1);
    }

    @Test
    void scoresOfAScaledFeatureAreTheSmallFeaturesScoresRescaled() {
        FeatureScore small = score(1);
        FeatureScore huge = score(SCALE);

        assertThat(huge.rows()).isEqualTo(16 * SCALE);
        assertThat(huge.mi()).isCloseTo(small.mi(), offset(1e-13));
        assertThat(huge.entropy()).isCloseTo(small.entropy(), offset(1e-13));
        assertThat(huge.gainRatio()).isCloseTo(small.gainRatio(), offset(1e-13));
        assertThat(huge.gStat()).isCloseTo(SCALE * small.gStat(), offset(1e-11 * SCALE * small.gStat()));
        assertThat(huge.gDof()).isEqualTo(small.gDof()).isEqualTo(2);
        assertThat(huge.gPvalue()).isEqualTo(0.0); // G ≈ 1e9 on 2 degrees of freedom
        assertThat(huge.emi() / (2.0 / (2.0 * huge.rows()))).isCloseTo(1.0, offset(1e-6));
        assertThat(huge.topValue()).isEqualTo("v1"); // v1 and v2 tie at 6·s rows: the smaller value
        assertThat(huge.topShare()).isCloseTo(small.topShare(), offset(1e-15));
        assertThat(huge.cardinality()).isEqualTo(3);
    }

    private static FeatureScore score(long scale) {
        FeatureCounts counts = new FeatureCounts();
        TreeMap<String, Long> classTotals = new TreeMap<>();
        for (int v = 0; v < SMALL.length; v++) {
            long[] cells = {SMALL[v][0] * scale, SMALL[v][1] * scale};
            counts.add("v" + v, new ClassCounts(CLASSES, cells));
            classTotals.merge(CLASSES[0], cells[0], Long::sum);
            classTotals.merge(CLASSES[1], cells[1], Long::sum);
        }
        return FeatureScore.of("f", counts, counts, classTotals, "categorical");
    }
}
