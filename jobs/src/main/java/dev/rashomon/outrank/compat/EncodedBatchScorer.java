package dev.rashomon.outrank.compat;

import java.util.List;
import java.util.Set;

/**
 * Scores a task's batches of the header's own columns (no feature family adds columns) from their
 * {@link EncodedRows}: what {@link BatchScorer} computes per batch from Strings, computed here from
 * ids. Per task each distinct value is sorted, measured and hashed once; per batch a column's codes
 * are the order of its task ranks, read from a bitset of the ranks present (no sort).
 */
final class EncodedBatchScorer {
    private EncodedBatchScorer() {
    }

    /** Scores the batches marked as the rows were added. */
    static TaskAggregate score(EncodedRows rows, List<String> header, String label, CompatOptions options, long fullBatches) {
        return score(rows, rows.ranges(), header, label, options, fullBatches);
    }

    /** Scores the given batches of the rows; value counts cover their rows only. */
    static TaskAggregate score(EncodedRows rows, EncodedRows.Ranges batches, List<String> header, String label,
                               CompatOptions options, long fullBatches) {
        if (batches.count() == 0) {
            return new TaskAggregate();
        }
        int columns = rows.columns;
        String[] names = header.toArray(String[]::new);
        Set<String> missingSymbols = options.missingSymbols();
        int[][] rankOf = new int[columns][];
        int[][] idOfRank = new int[columns][];
        long[][] weight = new long[columns][];
        int longestSymbol = missingSymbols.stream().mapToInt(String::length).max().orElse(0);
        for (int c = 0; c < columns; c++) {
            ValueDictionary dictionary = rows.dictionaries[c];
            int size = dictionary.size();
            rankOf[c] = dictionary.ranks();
            idOfRank[c] = new int[size];
            weight[c] = new long[size];
            for (int id = 0; id < size; id++) {
                if (rankOf[c][id] >= 0) {
                    idOfRank[c][rankOf[c][id]] = id;
                }
                weight[c][id] = weight(dictionary, id, missingSymbols, longestSymbol);
            }
        }

        TaskAggregate aggregate = new TaskAggregate();
        long[][] presentRanks = new long[columns][];
        int[][] codeOfId = new int[columns][];
        long[][] counts = new long[columns][];
        for (int c = 0; c < columns; c++) {
            int size = rows.dictionaries[c].size();
            presentRanks[c] = new long[(size + 63) >>> 6];
            codeOfId[c] = new int[size];
            counts[c] = new long[size];
            for (int id = 0; id < size; id++) {
                if (rankOf[c][id] < 0) {
                    codeOfId[c][id] = -1; // None's code, never overwritten: None is not among the distinct values
                }
            }
        }
        int[][] batchCodesOf = new int[columns][];
        for (int b = 0; b < batches.count(); b++) {
            int start = batches.start(b);
            int end = batches.end(b);
            int n = end - start;
            boolean full = batches.index(b) < fullBatches;
            double[] coverage = new double[columns];
            double[] memory = full ? new double[columns] : null;
            Batch.Codes[] codes = new Batch.Codes[columns];
            for (int c = 0; c < columns; c++) {
                int[] ids = rows.column(c);
                int[] rank = rankOf[c];
                long[] present = presentRanks[c];
                long[] w = weight[c];
                long[] count = counts[c];
                long weights = 0;
                for (int r = start; r < end; r++) {
                    int id = ids[r];
                    int k = rank[id];
                    if (k >= 0) {
                        present[k >>> 6] |= 1L << k;
                    }
                    weights += w[id];
                    count[id]++;
                }
                // A code is the value's rank among the batch's sorted distinct values (pandas' categories):
                // the task ranks present in the batch, read in ascending order from their bits (and cleared).
                int[] code = codeOfId[c];
                int[] idOf = idOfRank[c];
                int distinct = 0;
                for (int word = 0; word < present.length; word++) {
                    for (long bits = present[word]; bits != 0; bits &= bits - 1) {
                        code[idOf[(word << 6) + Long.numberOfTrailingZeros(bits)]] = distinct++;
                    }
                    present[word] = 0;
                }
                // Reused from batch to batch (a batch's codes are done with once it is scored); the length is the batch's.
                if (batchCodesOf[c] == null || batchCodesOf[c].length != n) {
                    batchCodesOf[c] = new int[n];
                }
                int[] batchCodes = batchCodesOf[c];
                for (int r = 0; r < n; r++) {
                    batchCodes[r] = code[ids[start + r]];
                }
                codes[c] = new Batch.Codes(batchCodes, distinct);
                coverage[c] = (1 - ((double) (weights >>> MISSING_SHIFT) / n)) * 100;
                if (memory != null) {
                    memory[c] = (double) (weights & BYTES_MASK) / n;
                }
            }
            BatchScorer.Pairs pairs = BatchScorer.scorePairs(names, codes, label, options, batches.index(b));
            aggregate.batches.add(new BatchResult(batches.index(b), full, names, pairs.first(), pairs.second(),
                    pairs.scores(), coverage, memory, new int[0][], null));
        }

        for (int c = 0; c < columns; c++) {
            aggregate.values.add(ColumnValues.of(names[c], rows.dictionaries[c], counts[c]));
        }
        return aggregate;
    }

    /** A row's weight holds its value's UTF-8 bytes (after Python's strip) below this bit and whether it is missing above. */
    private static final int MISSING_SHIFT = 40;
    private static final long BYTES_MASK = (1L << MISSING_SHIFT) - 1;

    /** What a row of the value adds to a batch's weights: its bytes for memory.tsv, 1 above the shift if missing. */
    private static long weight(ValueDictionary dictionary, int id, Set<String> missingSymbols, int longestSymbol) {
        if (dictionary.isNone(id)) {
            return 4; // str(None): not a missing symbol, 4 bytes
        }
        int plainBytes = dictionary.isShort(id) ? plainLength(dictionary.key(id)) : -1;
        // A String only where it is needed: to strip and measure it, or to compare it with the symbols.
        String value = plainBytes < 0 || plainBytes <= longestSymbol ? dictionary.value(id) : null;
        boolean missing = value != null && missingSymbols.contains(value);
        long bytes = plainBytes >= 0 ? plainBytes : PythonFormat.utf8Length(PythonFormat.strip(value));
        return (missing ? 1L << MISSING_SHIFT : 0) | bytes;
    }

    /**
     * A short value's length if all its bytes are printable ASCII other than space (nothing for
     * Python's strip to remove, one UTF-8 byte each), else −1.
     */
    private static int plainLength(long shortKey) {
        int length = (int) (shortKey & 0xFF);
        for (int i = 0; i < length; i++) {
            int b = (int) (shortKey >>> (56 - 8 * i)) & 0xFF;
            if (b <= ' ' || b >= 0x7F) {
                return -1;
            }
        }
        return length;
    }
}
