package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ValueDictionary}: dense ids in order of first sight, one id per value however it is given, String-order ranks. */
class ValueDictionaryTest {

    @Test
    void aValueHasOneIdWhetherGivenAsBytesAShortKeyOrAString() {
        ValueDictionary dictionary = new ValueDictionary();
        byte[] line = "12,caf\u00e9 au lait,,7".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(dictionary.idOf(line, 0, 2)).isEqualTo(0); // "12"
        assertThat(dictionary.idOf(line, 3, 15)).isEqualTo(1); // "café au lait", a long value
        assertThat(dictionary.idOf(line, 16, 16)).isEqualTo(2); // ""
        assertThat(dictionary.idOfShort(ValueDictionary.shortKey('1' << 8 | '2', 2))).isEqualTo(0);
        assertThat(dictionary.idOf("12")).isEqualTo(0);
        assertThat(dictionary.idOf("caf\u00e9 au lait")).isEqualTo(1);
        assertThat(dictionary.idOf("")).isEqualTo(2);
        assertThat(dictionary.idOf((String) null)).isEqualTo(3); // None
        assertThat(dictionary.idOf("\u20ac5")).isEqualTo(4); // beyond latin-1: keyed by its String
        assertThat(dictionary.idOf(line, 17, 18)).isEqualTo(5); // "7"
        assertThat(dictionary.size()).isEqualTo(6);
        assertThat(dictionary.value(1)).isEqualTo("caf\u00e9 au lait");
        assertThat(dictionary.value(3)).isNull();
        assertThat(dictionary.isShort(0)).isTrue();
        assertThat(dictionary.isShort(1)).isFalse();
        assertThat(dictionary.isShort(3)).isFalse();
    }

    @Test
    void ranksFollowStringOrderWithNoneApart() {
        ValueDictionary dictionary = new ValueDictionary();
        String[] values = {"b", "10", "", "9", "a long value", "\u00e9", "1"};
        for (String value : values) {
            dictionary.idOf(value);
        }
        dictionary.idOf((String) null);
        String[] sorted = values.clone();
        Arrays.sort(sorted);
        int[] ranks = dictionary.ranks();
        for (String value : values) {
            assertThat(ranks[dictionary.idOf(value)]).as(value).isEqualTo(Arrays.asList(sorted).indexOf(value));
        }
        assertThat(ranks[dictionary.idOf((String) null)]).isEqualTo(-1);
    }

    @Test
    void shortValuesRankByTheirKeys() {
        ValueDictionary dictionary = new ValueDictionary();
        List<String> values = List.of("9", "10", "100", "1000000", "", "\u00ff", "0");
        values.forEach(dictionary::idOf);
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int[] ranks = dictionary.ranks();
        for (int id = 0; id < values.size(); id++) {
            assertThat(ranks[id]).as(values.get(id)).isEqualTo(sorted.indexOf(values.get(id)));
        }
    }

    @Test
    void manyDistinctNumbersKeepTheirIdsThroughEveryRehash() {
        // Decimal numbers differ only in their last bytes, which sit low in a short key: the case
        // a poor home slot turns into long probe runs.
        ValueDictionary dictionary = new ValueDictionary();
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            byte[] bytes = Integer.toString(i).getBytes(StandardCharsets.ISO_8859_1);
            assertThat(dictionary.idOf(bytes, 0, bytes.length)).isEqualTo(i);
        }
        for (int i = n - 1; i >= 0; i -= 7) {
            byte[] bytes = Integer.toString(i).getBytes(StandardCharsets.ISO_8859_1);
            assertThat(dictionary.idOf(bytes, 0, bytes.length)).isEqualTo(i);
            assertThat(dictionary.value(i)).isEqualTo(Integer.toString(i));
        }
        assertThat(dictionary.size()).isEqualTo(n);
    }
}
