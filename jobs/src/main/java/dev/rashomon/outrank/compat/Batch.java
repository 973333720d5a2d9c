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
     * OutRank's transformer columns of numeric columns (reference 4.3): X is the column's text
     * without '"', '' read as 0.0; each transform's result spelled as NumPy prints it; a column is
     * kept when it has more than one value, its most frequent value covers under 80 % of the
     * batch and 'nan' under 75 %.
     */
    void addTransformers(List<String> numericColumns, dev.rashomon.outrank.Transformers transformers) {
        for (String column : numericColumns) {
            String[] text = values.get(names.indexOf(column));
            double[] x = new double[rows];
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                String value = text[r] == null ? "None" : text[r].replace("\"", "");
                try {
                    x[r] = value.isEmpty() ? 0.0 : Double.parseDouble(value.strip());
                } catch (NumberFormatException e) {
                    throw new dev.rashomon.run.UserError("numeric column '" + column + "' holds '" + value
                            + "', which is not a number (OutRank aborts its transformers on it too)");
                }
                max = Double.isNaN(x[r]) || Double.isNaN(max) ? Double.NaN : Math.max(max, x[r]);
            }
            for (Map.Entry<String, dev.rashomon.outrank.Transformers.Transform> transform : transformers.transforms().entrySet()) {
                String[] out = new String[rows];
                Map<String, Integer> counts = new HashMap<>();
                for (int r = 0; r < rows; r++) {
                    out[r] = dev.rashomon.outrank.Transformers.spell(transform.getKey(), transform.getValue().apply(x[r], max));
                    counts.merge(out[r], 1, Integer::sum);
                }
                int top = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
                int nan = counts.getOrDefault("nan", 0);
                if (counts.size() > 1 && (double) top / rows < 0.80 && (double) nan / rows < 0.75) {
                    names.add(column + transform.getKey());
                    values.add(out);
                }
            }
        }
    }

    /**
     * OutRank's multivalue explosion (reference 4.4): ',' becomes '-', values split on '-'; every
     * token of the batch but the missing symbols becomes a column MULTIEX-column-token, '1' where
     * the row has it, '' elsewhere (tokens in sorted order; OutRank's set order is arbitrary).
     */
    void addExploded(List<String> columns, java.util.Set<String> missingSymbols) {
        for (String column : columns) {
            String[] text = values.get(names.indexOf(column));
            List<java.util.Set<String>> tokens = new ArrayList<>(rows);
            java.util.TreeSet<String> all = new java.util.TreeSet<>();
            for (String value : text) {
                java.util.Set<String> row = new java.util.HashSet<>(List.of((value == null ? "None" : value).replace(',', '-').split("-", -1)));
                tokens.add(row);
                all.addAll(row);
            }
            all.removeAll(missingSymbols);
            for (String token : all) {
                String[] out = new String[rows];
                for (int r = 0; r < rows; r++) {
                    out[r] = tokens.get(r).contains(token) ? "1" : "";
                }
                names.add("MULTIEX-" + column + "-" + token);
                values.add(out);
            }
        }
    }

    /**
     * OutRank's subfeatures (reference 4.5), values in order of first appearance in the batch:
     * {@code a->b} gives SUBFEATURE-a&v = "<a>AND<v>" where b is v, else ''; {@code a<->b} gives
     * SUBFEATURE|a|b-va&vb = '1' where a is va and b is vb, else '0'.
     */
    void addSubfeatures(List<String[]> rules) {
        for (String[] rule : rules) {
            String[] first = values.get(names.indexOf(rule[0]));
            String[] second = values.get(names.indexOf(rule[1]));
            List<String> secondValues = new ArrayList<>(new java.util.LinkedHashSet<>(java.util.Arrays.asList(second)));
            if (rule[2].equals("<->")) {
                List<String> firstValues = new ArrayList<>(new java.util.LinkedHashSet<>(java.util.Arrays.asList(first)));
                for (String vb : secondValues) {
                    for (String va : firstValues) {
                        String[] out = new String[rows];
                        for (int r = 0; r < rows; r++) {
                            out[r] = java.util.Objects.equals(first[r], va) && java.util.Objects.equals(second[r], vb) ? "1" : "0";
                        }
                        names.add("SUBFEATURE|" + rule[0] + "|" + rule[1] + "-" + va + "&" + vb);
                        values.add(out);
                    }
                }
            } else {
                for (String v : secondValues) {
                    String[] out = new String[rows];
                    for (int r = 0; r < rows; r++) {
                        out[r] = java.util.Objects.equals(second[r], v) ? first[r] + "AND" + second[r] : "";
                    }
                    names.add("SUBFEATURE-" + rule[0] + "&" + v);
                    values.add(out);
                }
            }
        }
    }

    /**
     * CONTROL-* noise columns (reference 4.8; OutRank 0.97.6 crashes on this option): drawn from a
     * generator seeded by the seed and the batch number, so a rerun gives the same columns.
     */
    void addNoise(String label, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        String[][] columns = new String[10][rows];
        int labelColumn = names.indexOf(label);
        for (int r = 0; r < rows; r++) {
            columns[0][r] = "0";
            double u = 1.0 - random.nextDouble();
            columns[1][r] = PythonFormat.repr(Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
            columns[2][r] = PythonFormat.repr(random.nextDouble());
            columns[3][r] = Integer.toString(random.nextInt(2));
            columns[4][r] = Integer.toString(random.nextInt(101));
            columns[5][r] = Integer.toString(random.nextInt(2001));
            columns[6][r] = Integer.toString(random.nextInt(10001));
            columns[7][r] = Integer.toString(random.nextInt(50001));
            columns[8][r] = PythonFormat.repr((double) r);
            columns[9][r] = String.format("%08x", random.nextInt());
        }
        String[] controls = {"CONTROL-constant0", "CONTROL-gaussian", "CONTROL-uniform", "CONTROL-random-binary",
            "CONTROL-random-card100", "CONTROL-random-card2k", "CONTROL-random-card10k", "CONTROL-random-card50k",
            "CONTROL-int-sequence", "CONTROL-volume"};
        for (int c = 0; c < 9; c++) {
            names.add(controls[c]);
            values.add(columns[c]);
        }
        if (labelColumn >= 0) {
            names.add("CONTROL-target");
            values.add(values.get(labelColumn).clone());
        }
        names.add(controls[9]);
        values.add(columns[9]);
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
                    String value = values.get(member)[r];
                    text.append(value == null ? "None" : value); // Python's str(None)
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

    /**
     * A column's codes: each value's rank among the batch's sorted distinct values (code-point
     * order); pandas gives a missing value (None) the code −1.
     */
    record Codes(int[] codes, int categories) {
    }

    Codes codes(int column) {
        String[] column_ = values.get(column);
        Map<String, Integer> rank = new HashMap<>();
        for (String value : column_) {
            if (value != null) {
                rank.putIfAbsent(value, 0);
            }
        }
        String[] distinct = rank.keySet().toArray(String[]::new);
        Arrays.sort(distinct);
        for (int i = 0; i < distinct.length; i++) {
            rank.put(distinct[i], i);
        }
        int[] codes = new int[rows];
        for (int r = 0; r < rows; r++) {
            codes[r] = column_[r] == null ? -1 : rank.get(column_[r]);
        }
        return new Codes(codes, distinct.length);
    }
}
