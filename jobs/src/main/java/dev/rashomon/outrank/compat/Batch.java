package dev.rashomon.outrank.compat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * One OutRank minibatch as a table of string columns in header order, to which combination
 * columns are appended, and the per-batch category codes of every column (reference 4.6, 4.10).
 */
final class Batch {
    private static final XXHash64 XXH64 = XXHashFactory.fastestJavaInstance().hash64();

    final long index;
    final boolean full;
    final int rows;
    final List<String> names = new ArrayList<>();
    final List<String[]> values = new ArrayList<>();

    Batch(long index, boolean full, List<String> header, List<String[]> rowFields) {
        this.index = index;
        this.full = full;
        this.rows = rowFields.size();
        for (int c = 0; c < header.size(); c++) {
            String[] column = new String[rows];
            for (int r = 0; r < rows; r++) {
                column[r] = rowFields.get(r)[c];
            }
            names.add(header.get(c));
            values.add(column);
        }
    }

    /**
     * Appends the combination columns {@code a AND b [AND c]}: each row's member values
     * concatenated without separator, hashed with xxh64 (seed 0) as 16 lowercase hex digits.
     */
    void addCombinations(List<int[]> memberIndexes) {
        List<String> baseNames = List.copyOf(names);
        for (int[] members : memberIndexes) {
            String[] combined = new String[rows];
            StringBuilder text = new StringBuilder();
            for (int r = 0; r < rows; r++) {
                text.setLength(0);
                for (int member : members) {
                    text.append(values.get(member)[r]);
                }
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                combined[r] = String.format("%016x", XXH64.hash(bytes, 0, bytes.length, 0L));
            }
            StringBuilder name = new StringBuilder();
            for (int member : members) {
                name.append(name.length() == 0 ? "" : " AND ").append(baseNames.get(member));
            }
            names.add(name.toString());
            values.add(combined);
        }
    }

    /** A column's codes: each value's rank among the batch's sorted distinct values (code-point order). */
    record Codes(int[] codes, int categories) {
    }

    Codes codes(int column) {
        String[] column_ = values.get(column);
        Map<String, Integer> rank = new HashMap<>();
        for (String value : column_) {
            rank.putIfAbsent(value, 0);
        }
        String[] distinct = rank.keySet().toArray(String[]::new);
        Arrays.sort(distinct);
        for (int i = 0; i < distinct.length; i++) {
            rank.put(distinct[i], i);
        }
        int[] codes = new int[rows];
        for (int r = 0; r < rows; r++) {
            codes[r] = rank.get(column_[r]);
        }
        return new Codes(codes, distinct.length);
    }
}
