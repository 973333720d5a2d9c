package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EncodedRows}: batch ranges, blocks of rows passed between tasks as values, value counts of scored rows only. */
class EncodedRowsTest {
    private static final String[][] ROWS = {
            {"1", "a long value", "x"},
            {"", null, "x"},
            {"1", "{}", "y"},
            {"22", "a long value", "y"},
            {"\u00e9", "b", "x"},
    };

    private static EncodedRows encode(String[][] rows) {
        EncodedRows encoded = new EncodedRows(3, 2);
        for (String[] row : rows) {
            encoded.addFields(row);
        }
        return encoded;
    }

    private static String value(EncodedRows rows, int column, int row) {
        return rows.dictionaries[column].value(rows.column(column)[row]);
    }

    @Test
    void batchesMarkedWhileAddingCoverTheirRows() {
        EncodedRows rows = new EncodedRows(3, 2);
        rows.batch(4);
        rows.addFields(ROWS[0]);
        rows.addFields(ROWS[1]);
        rows.batch(4); // the same batch goes on
        rows.addFields(ROWS[2]);
        rows.batch(9);
        rows.addFields(ROWS[3]);
        assertThat(rows.ranges().count()).isEqualTo(2);
        assertThat(List.of(rows.ranges().index(0), rows.ranges().index(1))).containsExactly(4L, 9L);
        assertThat(List.of(rows.ranges().start(0), rows.ranges().end(0), rows.ranges().start(1), rows.ranges().end(1)))
                .containsExactly(0, 3, 3, 4);
    }

    @Test
    void aBlockAppendedElsewhereKeepsEveryValueNoneIncluded() {
        EncodedRows source = encode(ROWS);
        EncodedRows.Block block = source.block(1, 5);
        assertThat(block.rows()).isEqualTo(4);
        // Each column ships the values of its block rows only, once each.
        assertThat(block.values()[2]).containsExactly("x", "y");
        assertThat(block.values()[1]).containsExactly(null, "{}", "a long value", "b");

        EncodedRows target = new EncodedRows(3, 1);
        target.addFields(new String[] {"22", "b", "z"}); // values the target knows already keep their ids
        target.batch(7);
        target.append(block);
        assertThat(target.rows()).isEqualTo(5);
        for (int r = 1; r < 5; r++) {
            for (int c = 0; c < 3; c++) {
                assertThat(value(target, c, r)).as("row %d column %d", r, c).isEqualTo(ROWS[r][c]);
            }
        }
        // Column 0: "22" keeps id 0; "", "1" and "\u00e9" are new (1, 2, 3).
        assertThat(Arrays.copyOfRange(target.column(0), 0, 5)).containsExactly(0, 1, 2, 0, 3);
        assertThat(target.dictionaries[1].isNone(target.column(1)[1])).isTrue();
        assertThat(List.of(target.ranges().count(), target.ranges().start(0), target.ranges().end(0))).containsExactly(1, 1, 5);
    }

    @Test
    void valueCountsCoverTheScoredRowsOnly() {
        EncodedRows rows = encode(ROWS);
        EncodedRows.Ranges batches = new EncodedRows.Ranges();
        batches.add(0, 0, 2);
        batches.add(3, 3, 5); // row 2 is another task's: its "{}" and "y" are not counted here
        TaskAggregate aggregate = EncodedBatchScorer.score(rows, batches, List.of("f", "g", "label"), "label",
                new CompatOptions(null, 1, 2, null, null, null, null, null, null, null, null, null, null), 1);
        assertThat(aggregate.batches).extracting(BatchResult::batch).containsExactly(0L, 3L);
        assertThat(aggregate.batches).extracting(BatchResult::full).containsExactly(true, false);
        ColumnValues g = aggregate.values.get(1);
        assertThat(g.counts()).hasSize(3); // "a long value" twice, None, "b"; not "{}"
        assertThat(g.values()).contains("a long value");
        assertThat(g.keys()).contains(ColumnValues.NONE_KEY);
        ColumnValues label = aggregate.values.get(2);
        assertThat(label.counts()).containsExactlyInAnyOrder(3L, 1L); // x: rows 0, 1, 4; y: row 3
        assertThat(aggregate.batches.get(0).coverage()[0]).isEqualTo(50.0); // f: "1" and ""
    }

    @Test
    void plainCsvLinesAreSplitAndKeyedAsTheirParsedFieldsAre() {
        String[] lines = {
                "1,22,333,4444,55555,666666,7777777,88888888,,\u00e9",
                ",,,,,,,,,", // empty cells only
                "7777777,1,a b,{},x\u00ff,,9999999999,22,4444,1", // long cells inside, short ones at the end
                "abcdefgh,abcdefg,abcdef,abcde,abcd,abc,ab,a,,a", // cells of every length across word boundaries
        };
        EncodedRows bytes = new EncodedRows(10, 1);
        EncodedRows parsed = new EncodedRows(10, 1);
        for (String line : lines) {
            byte[] latin1 = line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(bytes.addIfPlainCsv(latin1, latin1.length)).as(line).isEqualTo(10);
            parsed.addFields(PythonCsv.parse(line));
        }
        for (int c = 0; c < 10; c++) {
            assertThat(Arrays.copyOf(bytes.column(c), 4)).as("column %d", c).containsExactly(Arrays.copyOf(parsed.column(c), 4));
            for (int r = 0; r < 4; r++) {
                assertThat(value(bytes, c, r)).isEqualTo(PythonCsv.parse(lines[r])[c]);
            }
        }
        assertThat(bytes.rows()).isEqualTo(4);
    }

    @Test
    void aLineThatIsNotPlainOrHasAnotherFieldCountIsNotAdded() {
        EncodedRows rows = new EncodedRows(3, 1);
        for (String line : new String[] {"a,\"b,c\",d", "a,b\r", "", "a,b", "a,b,c,d,e,f,g,h,i"}) {
            byte[] latin1 = line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            int expected = PythonCsv.plainFieldCount(latin1);
            assertThat(rows.addIfPlainCsv(latin1, latin1.length)).as(line).isEqualTo(expected);
        }
        assertThat(List.of(PythonCsv.plainFieldCount("a,b".getBytes()), PythonCsv.plainFieldCount("".getBytes()))).containsExactly(2, -1);
        assertThat(rows.rows()).isZero();
    }
}
