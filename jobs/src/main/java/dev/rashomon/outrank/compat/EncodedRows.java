package dev.rashomon.outrank.compat;

import java.util.Arrays;

/**
 * A task's kept rows, column by column: each cell the id of its value in the column's
 * {@link ValueDictionary}, rows appended batch after batch. Values are hashed once per cell and
 * stored once per task, so a batch's category codes, coverage, memory, value counts and digests
 * are computed over ints, not Strings.
 */
final class EncodedRows {
    final int columns;
    final ValueDictionary[] dictionaries;
    private int[][] ids;
    private int rows;
    private long[] batchIndexes = new long[8];
    private int[] batchStarts = new int[8];
    private int batches;

    EncodedRows(int columns, int expectedRows) {
        this.columns = columns;
        this.dictionaries = new ValueDictionary[columns];
        this.ids = new int[columns][Math.max(16, expectedRows)];
        for (int c = 0; c < columns; c++) {
            dictionaries[c] = new ValueDictionary();
        }
    }

    int rows() {
        return rows;
    }

    int batches() {
        return batches;
    }

    long batchIndex(int b) {
        return batchIndexes[b];
    }

    int batchStart(int b) {
        return batchStarts[b];
    }

    int batchEnd(int b) {
        return b + 1 < batches ? batchStarts[b + 1] : rows;
    }

    /** The ids of one column, valid for rows 0 … rows()−1. */
    int[] column(int c) {
        return ids[c];
    }

    /** Starts a new batch unless the rows that follow belong to the current one. */
    void batch(long index) {
        if (batches > 0 && batchIndexes[batches - 1] == index) {
            return;
        }
        if (batches == batchIndexes.length) {
            batchIndexes = Arrays.copyOf(batchIndexes, batches * 2);
            batchStarts = Arrays.copyOf(batchStarts, batches * 2);
        }
        batchIndexes[batches] = index;
        batchStarts[batches++] = rows;
    }

    /** A row of parsed fields (null for None). */
    void addFields(String[] fields) {
        ensureRoom();
        for (int c = 0; c < columns; c++) {
            ids[c][rows] = dictionaries[c].idOf(fields[c]);
        }
        rows++;
    }

    /**
     * A latin-1 csv line for which {@link PythonCsv#isPlain} holds and which has {@code columns}
     * fields: split on ',' in one pass, a cell of up to 7 bytes keyed as it is read.
     */
    void addPlainCsv(byte[] line, int length) {
        ensureRoom();
        int start = 0;
        int c = 0;
        long packed = 0;
        for (int i = 0; i <= length; i++) {
            int b = i < length ? line[i] : ',';
            if (b != ',') {
                packed = packed << 8 | (b & 0xFF);
                continue;
            }
            int cell = i - start;
            ids[c][rows] = cell <= 7
                    ? dictionaries[c].idOfShort(ValueDictionary.shortKey(packed, cell))
                    : dictionaries[c].idOf(line, start, i);
            c++;
            start = i + 1;
            packed = 0;
        }
        rows++;
    }

    private void ensureRoom() {
        if (rows == ids[0].length) {
            for (int c = 0; c < columns; c++) {
                ids[c] = Arrays.copyOf(ids[c], rows + rows / 2);
            }
        }
    }
}
