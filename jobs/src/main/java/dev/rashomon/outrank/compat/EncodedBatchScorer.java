package dev.rashomon.outrank.compat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Scores a task's batches of the header's own columns (no feature family adds columns) from their
 * {@link EncodedRows}: what {@link BatchScorer} computes per batch from Strings, computed here from
 * ids. Per task each distinct value is sorted, measured and hashed once; per batch a column's codes
 * are the ranks of its distinct task ranks, an int sort.
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
        boolean[][] missing = new boolean[columns][];
        int[][] bytes = new int[columns][];
        for (int c = 0; c < columns; c++) {
            ValueDictionary dictionary = rows.dictionaries[c];
            int size = dictionary.size();
            rankOf[c] = dictionary.ranks();
            idOfRank[c] = new int[size];
            missing[c] = new boolean[size];
            bytes[c] = new int[size];
            for (int id = 0; id < size; id++) {
                String value = dictionary.value(id);
                if (rankOf[c][id] >= 0) {
                    idOfRank[c][rankOf[c][id]] = id;
                }
                missing[c][id] = value != null && missingSymbols.contains(value);
                bytes[c][id] = value == null ? 4 : PythonFormat.utf8Length(PythonFormat.strip(value)); // str(None)
            }
        }

        TaskAggregate aggregate = new TaskAggregate();
        int[][] stamp = new int[columns][];
        int[][] codeOfId = new int[columns][];
        for (int c = 0; c < columns; c++) {
            stamp[c] = new int[rows.dictionaries[c].size()];
            codeOfId[c] = new int[rows.dictionaries[c].size()];
        }
        int[] distinctRanks = new int[0];
        for (int b = 0; b < batches.count(); b++) {
            int start = batches.start(b);
            int n = batches.end(b) - start;
            boolean full = batches.index(b) < fullBatches;
            double[] coverage = new double[columns];
            double[] memory = full ? new double[columns] : null;
            Batch.Codes[] codes = new Batch.Codes[columns];
            for (int c = 0; c < columns; c++) {
                int[] ids = rows.column(c);
                int[] rank = rankOf[c];
                int[] seen = stamp[c];
                if (distinctRanks.length < n) {
                    distinctRanks = new int[n];
                }
                int distinct = 0;
                long missingRows = 0;
                long byteSum = 0;
                for (int r = start; r < start + n; r++) {
                    int id = ids[r];
                    if (seen[id] != b + 1) {
                        seen[id] = b + 1;
                        if (rank[id] >= 0) {
                            distinctRanks[distinct++] = rank[id];
                        }
                    }
                    if (missing[c][id]) {
                        missingRows++;
                    }
                    byteSum += bytes[c][id];
                }
                // A code is the value's rank among the batch's sorted distinct values (pandas' categories).
                Arrays.sort(distinctRanks, 0, distinct);
                int[] code = codeOfId[c];
                for (int k = 0; k < distinct; k++) {
                    code[idOfRank[c][distinctRanks[k]]] = k;
                }
                int[] batchCodes = new int[n];
                for (int r = 0; r < n; r++) {
                    int id = ids[start + r];
                    batchCodes[r] = rank[id] < 0 ? -1 : code[id];
                }
                codes[c] = new Batch.Codes(batchCodes, distinct);
                coverage[c] = (1 - ((double) missingRows / n)) * 100;
                if (memory != null) {
                    memory[c] = (double) byteSum / n;
                }
            }
            BatchScorer.Pairs pairs = BatchScorer.scorePairs(names, codes, label, options, batches.index(b));
            aggregate.batches.add(new BatchResult(batches.index(b), full, names, pairs.first(), pairs.second(),
                    pairs.scores(), coverage, memory, new int[0][], null));
        }

        for (int c = 0; c < columns; c++) {
            ValueDictionary dictionary = rows.dictionaries[c];
            long[] counts = new long[dictionary.size()];
            int[] ids = rows.column(c);
            for (int b = 0; b < batches.count(); b++) {
                for (int r = batches.start(b); r < batches.end(b); r++) {
                    counts[ids[r]]++;
                }
            }
            aggregate.values.add(ColumnValues.of(names[c], dictionary, counts));
        }
        return aggregate;
    }
}
