package dev.rashomon.outrank.compat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A task's kept rows, column by column: each cell the id of its value in the column's
 * {@link ValueDictionary}, rows appended in file order. Values are hashed once per cell and
 * stored once per task, so a batch's category codes, coverage, memory, value counts and digests
 * are computed over ints, not Strings. Which rows form which batch is a {@link Ranges}, given
 * while the rows are added or afterwards.
 */
final class EncodedRows implements Serializable {
    private static final long serialVersionUID = 1L;

    final int columns;
    final ValueDictionary[] dictionaries;
    private int[][] ids;
    private int rows;
    private final Ranges ranges = new Ranges();
    /** The comma positions of the line being added (scratch). */
    private int[] commas = new int[64];

    /**
     * At most this many ids are set aside before rows arrive (16 MiB): the room for 65,536 rows of
     * 3,000 columns took 786 MiB up front whatever the file held; the columns grow as rows come.
     */
    private static final int INITIAL_IDS = 1 << 22;

    EncodedRows(int columns, int expectedRows) {
        this.columns = columns;
        this.dictionaries = new ValueDictionary[columns];
        this.ids = new int[columns][Math.max(16, Math.min(expectedRows, INITIAL_IDS / Math.max(1, columns)))];
        for (int c = 0; c < columns; c++) {
            dictionaries[c] = new ValueDictionary();
        }
    }

    int rows() {
        return rows;
    }

    /** The ids of one column, valid for rows 0 … rows()−1. */
    int[] column(int c) {
        return ids[c];
    }

    /** The batches marked with {@link #batch} as the rows were added. */
    Ranges ranges() {
        return ranges;
    }

    /** Starts a new batch at the next row unless the rows that follow belong to the current one. */
    void batch(long index) {
        if (ranges.count > 0 && ranges.index[ranges.count - 1] == index) {
            return;
        }
        ranges.add(index, rows, rows);
    }

    /**
     * Which rows form which batch: batch b is rows [start(b), end(b)); rows between batches belong
     * to none (rows of batches scored elsewhere, or not scored at all).
     */
    static final class Ranges implements Serializable {
        private static final long serialVersionUID = 1L;

        private long[] index = new long[8];
        private int[] start = new int[8];
        private int[] end = new int[8];
        private int count;

        /** Adds batch {@code batchIndex} as rows [from, to); a batch added with to = from grows with each row added. */
        void add(long batchIndex, int from, int to) {
            if (count == index.length) {
                index = Arrays.copyOf(index, count * 2);
                start = Arrays.copyOf(start, count * 2);
                end = Arrays.copyOf(end, count * 2);
            }
            index[count] = batchIndex;
            start[count] = from;
            end[count++] = to;
        }

        int count() {
            return count;
        }

        long index(int b) {
            return index[b];
        }

        int start(int b) {
            return start[b];
        }

        int end(int b) {
            return end[b];
        }

        private void grow(int rows) {
            if (count > 0) {
                end[count - 1] = rows;
            }
        }
    }

    /** A row of parsed fields (null for None). */
    void addFields(String[] fields) {
        ensureRoom();
        for (int c = 0; c < columns; c++) {
            ids[c][rows] = dictionaries[c].idOf(fields[c]);
        }
        ranges.grow(++rows);
    }

    /**
     * Adds a latin-1 csv line whose fields are exactly its comma-separated pieces (not empty, no
     * quote, no line break: {@link PythonCsv#plainFieldCount}) if it has {@code columns} of them.
     * The commas are found eight bytes at a time, and a piece of up to 7 bytes is keyed from one
     * 8-byte read (its bytes big-endian: {@link ValueDictionary#shortKey}).
     *
     * @return the line's field count (the row is added only if it is {@code columns}), or −1 if the
     *         line is not plain (nothing added: it must be parsed)
     */
    int addIfPlainCsv(byte[] line, int length) {
        int found = 0;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long word = (long) PythonCsv.WORDS.get(line, i);
            if (PythonCsv.hasQuoteOrLineBreak(word)) {
                return -1;
            }
            for (long bits = PythonCsv.commaBytes(word); bits != 0; bits &= bits - 1) {
                if (found == commas.length) {
                    commas = Arrays.copyOf(commas, found * 2);
                }
                commas[found++] = i + (Long.numberOfTrailingZeros(bits) >>> 3);
            }
        }
        for (; i < length; i++) {
            byte b = line[i];
            if (b == ',') {
                if (found == commas.length) {
                    commas = Arrays.copyOf(commas, found * 2);
                }
                commas[found++] = i;
            } else if (b == '"' || b == '\r' || b == '\n') {
                return -1;
            }
        }
        if (length == 0) {
            return -1;
        }
        if (found + 1 != columns) {
            return found + 1;
        }
        ensureRoom();
        int start = 0;
        for (int c = 0; c < columns; c++) {
            int end = c < found ? commas[c] : length;
            int cell = end - start;
            int id;
            if (cell == 0) {
                id = dictionaries[c].idOfShort(0);
            } else if (cell <= 7 && start + 8 <= length) {
                long bigEndian = Long.reverseBytes((long) PythonCsv.WORDS.get(line, start));
                id = dictionaries[c].idOfShort(bigEndian & (-1L << (64 - 8 * cell)) | cell);
            } else {
                id = dictionaries[c].idOf(line, start, end);
            }
            ids[c][rows] = id;
            start = end + 1;
        }
        ranges.grow(++rows);
        return columns;
    }

    /**
     * Rows [from, to) as values, to be scored with other tasks' rows: per column, each row's
     * index into the block's own values (the column's values that occur there).
     */
    Block block(int from, int to) {
        int n = to - from;
        int[][] blockIds = new int[columns][n];
        String[][] blockValues = new String[columns][];
        for (int c = 0; c < columns; c++) {
            int[] local = new int[dictionaries[c].size()];
            Arrays.fill(local, -1);
            List<String> values = new ArrayList<>();
            for (int r = from; r < to; r++) {
                int id = ids[c][r];
                if (local[id] < 0) {
                    local[id] = values.size();
                    values.add(dictionaries[c].value(id));
                }
                blockIds[c][r - from] = local[id];
            }
            blockValues[c] = values.toArray(String[]::new);
        }
        return new Block(n, blockIds, blockValues);
    }

    /** Appends a block's rows (they join the current batch, if any, like added rows). */
    void append(Block block) {
        ensureRoom(block.rows());
        for (int c = 0; c < columns; c++) {
            String[] values = block.values()[c];
            int[] idOf = new int[values.length];
            for (int k = 0; k < values.length; k++) {
                idOf[k] = dictionaries[c].idOf(values[k]);
            }
            int[] local = block.ids()[c];
            int[] column = ids[c];
            for (int r = 0; r < block.rows(); r++) {
                column[rows + r] = idOf[local[r]];
            }
        }
        rows += block.rows();
        ranges.grow(rows);
    }

    /**
     * Rows of one task as values (a value null for None).
     *
     * @param ids per column, each row's index into {@code values[column]}
     */
    record Block(int rows, int[][] ids, String[][] values) implements Serializable {
    }

    private void ensureRoom() {
        ensureRoom(1);
    }

    private void ensureRoom(int more) {
        if (rows + more > ids[0].length) {
            int capacity = Math.max(rows + more, 2 * rows);
            for (int c = 0; c < columns; c++) {
                ids[c] = Arrays.copyOf(ids[c], capacity);
            }
        }
    }
}
