package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pair conflict counts from 64-row bit blocks equal counting every pair on every row. */
class PairConflictsTest {

    @Test
    void threeRowsByHand() {
        PairConflicts conflicts = new PairConflicts(3);
        conflicts.add(new int[] {0, 1, 0});
        conflicts.add(new int[] {1, 1, 0});
        conflicts.add(new int[] {1, 1, 1});
        // (0,1) differ on row 1; (0,2) on row 2; (1,2) on rows 1 and 2.
        assertThat(conflicts.count(0, 1)).isEqualTo(1);
        assertThat(conflicts.count(0, 2)).isEqualTo(1);
        assertThat(conflicts.count(1, 2)).isEqualTo(2);
    }

    @Test
    void multiclassRowsArePairedByClass() {
        PairConflicts conflicts = new PairConflicts(3);
        conflicts.add(new int[] {2, 2, 0});
        conflicts.add(new int[] {1, 0, 1});
        assertThat(conflicts.count(0, 1)).isEqualTo(1);
        assertThat(conflicts.count(0, 2)).isEqualTo(1);
        assertThat(conflicts.count(1, 2)).isEqualTo(2);
    }

    @Test
    void blocksMergesAndSerializationEqualPairByPairCounts() throws Exception {
        int models = 7;
        Random random = new Random(5);
        long[][] expected = new long[models][models];
        PairConflicts first = new PairConflicts(models);
        PairConflicts second = new PairConflicts(models);
        // 300 rows: several full blocks and a partial one in each half, some rows with a third class among them.
        for (int row = 0; row < 300; row++) {
            int[] decisions = new int[models];
            boolean multiclass = random.nextInt(10) == 0;
            for (int h = 0; h < models; h++) {
                decisions[h] = random.nextInt(multiclass ? 3 : 2);
            }
            for (int h = 0; h < models; h++) {
                for (int g = h + 1; g < models; g++) {
                    expected[h][g] += decisions[h] == decisions[g] ? 0 : 1;
                }
            }
            (row < 170 ? first : second).add(decisions);
        }
        PairConflicts merged = roundTrip(first).merge(second);
        for (int h = 0; h < models; h++) {
            for (int g = h + 1; g < models; g++) {
                assertThat(merged.count(h, g)).as("pair (%d, %d)", h, g).isEqualTo(expected[h][g]);
            }
        }
    }

    private static PairConflicts roundTrip(PairConflicts conflicts) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(conflicts);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (PairConflicts) in.readObject();
        }
    }
}
