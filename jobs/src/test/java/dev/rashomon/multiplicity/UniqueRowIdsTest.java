package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** The hash side of the row-id check: ranges, chunks merged in any order, and repeats found once each. */
class UniqueRowIdsTest {

    @Test
    void repeatedHashesAreFoundOnceEach() {
        assertThat(UniqueRowIds.repeated(new long[] {5, -3, 9, 5, 7, -3, 5})).containsExactly(-3, 5);
        assertThat(UniqueRowIds.repeated(new long[] {1, 2, 3})).isEmpty();
        assertThat(UniqueRowIds.repeated(new long[0])).isEmpty();
    }

    @Test
    void eachHashGoesToOneRangeAndChunksConcatenate() {
        UniqueRowIds.Hashes first = new UniqueRowIds.Hashes(3);
        UniqueRowIds.Hashes second = new UniqueRowIds.Hashes(3);
        for (long h = -20; h < 20; h++) {
            first.add(h);
            second.add(h * 7);
        }
        List<Tuple2<Object, Object>> out = new ArrayList<>();
        first.drainInto(out);
        second.drainInto(out);
        long[][] byRange = new long[3][0];
        for (Tuple2<Object, Object> chunk : out) {
            int range = ((UniqueRowIds.Range) chunk._1()).index();
            for (long h : (long[]) chunk._2()) {
                assertThat(Math.floorMod(h, 3)).isEqualTo(range);
            }
            byRange[range] = UniqueRowIds.concat(List.of(byRange[range], (long[]) chunk._2()));
        }
        assertThat(byRange[0].length + byRange[1].length + byRange[2].length).isEqualTo(80);
        // h·7 repeats h for the multiples of 7 in range: 0, ±7, ±14.
        List<Long> repeated = new ArrayList<>();
        for (long[] range : byRange) {
            for (long h : UniqueRowIds.repeated(range)) {
                repeated.add(h);
            }
        }
        assertThat(repeated).containsExactlyInAnyOrder(0L, 7L, -7L, 14L, -14L);
    }
}
