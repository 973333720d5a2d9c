package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class ValueSlotsTest {

    @Test
    void givesEachDistinctValueOneSlotInOrderOfFirstAppearance() {
        ValueSlots slots = new ValueSlots(2);
        assertThat(slots.slotOf(bytes("b"))).isZero();
        assertThat(slots.slotOf(bytes("a"))).isEqualTo(1);
        assertThat(slots.slotOf(bytes("b"))).isZero();
        assertThat(slots.slotOf(bytes(""))).isEqualTo(2);
        assertThat(slots.slotOf(bytes("é"))).isEqualTo(3);
        assertThat(slots.size()).isEqualTo(4);
        assertThat(slots.value(0)).isEqualTo("b");
        assertThat(slots.value(2)).isEmpty();
        assertThat(slots.value(3)).isEqualTo("é");
    }

    @Test
    void countsMatchAHashMapOverManyValuesAndGrowingClasses() {
        ValueSlots slots = new ValueSlots(1);
        Map<String, long[]> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(3);
        int classes = 1;
        for (int row = 0; row < 300_000; row++) {
            String value = "v" + random.nextInt(120_000);
            int labelClass = random.nextInt(row < 1000 ? 1 : 5);
            if (labelClass >= classes) {
                classes = 5;
                slots.widen(classes);
            }
            slots.add(slots.slotOf(bytes(value)), labelClass);
            expected.computeIfAbsent(value, v -> new long[5])[labelClass]++;
        }
        assertThat(slots.size()).isEqualTo(expected.size());
        for (int slot = 0; slot < slots.size(); slot++) {
            long[] want = expected.get(slots.value(slot));
            long total = 0;
            for (int c = 0; c < 5; c++) {
                assertThat(slots.count(slot, c)).as("%s class %d", slots.value(slot), c).isEqualTo(want[c]);
                total += want[c];
            }
            assertThat(slots.total(slot)).isEqualTo(total);
        }
    }

    @Test
    void findsBytesInsideALargerBufferAndHashesAsSparkStrings() {
        UTF8String text = UTF8String.fromString("xxkeyxx").substring(2, 5);
        assertThat(ValueSlots.hash(text.getBaseObject(), text.getBaseOffset(), text.numBytes())).isEqualTo(text.hashCode());
        ValueSlots slots = new ValueSlots(2);
        assertThat(slots.find(text.getBaseObject(), text.getBaseOffset(), text.numBytes(), text.hashCode()))
                .isEqualTo(ValueSlots.ABSENT);
        int slot = slots.insert(text.getBaseObject(), text.getBaseOffset(), text.numBytes(), text.hashCode());
        assertThat(slots.slotOf(bytes("key"))).isEqualTo(slot);
        assertThat(slots.slotOf(bytes("ke"))).isNotEqualTo(slot);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
