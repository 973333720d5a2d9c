package dev.rashomon.bench.outrank;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The floor: the data already decoded into int arrays in the driver (dictionary codes, 0 = missing;
 * not timed), then one thread counts (value, label) per feature and computes MI (timed).
 */
final class RawCountingLoop {
    private final List<String> features;
    private final int[][] codes;
    private final int[] cardinality;
    private final int[] labels;

    private RawCountingLoop(List<String> features, int[][] codes, int[] cardinality, int[] labels) {
        this.features = features;
        this.codes = codes;
        this.cardinality = cardinality;
        this.labels = labels;
    }

    static RawCountingLoop decode(Dataset<Row> data, List<String> features, long rows) {
        int f = features.size();
        int[][] codes = new int[f][(int) rows];
        int[] labels = new int[(int) rows];
        List<Map<String, Integer>> dictionaries = new java.util.ArrayList<>();
        for (int i = 0; i < f; i++) {
            dictionaries.add(new HashMap<>());
        }
        Iterator<Row> it = data.toLocalIterator();
        int labelAt = data.schema().fieldIndex("label");
        int[] at = features.stream().mapToInt(data.schema()::fieldIndex).toArray();
        int r = 0;
        while (it.hasNext()) {
            Row row = it.next();
            for (int i = 0; i < f; i++) {
                String value = row.getString(at[i]);
                if (value != null) {
                    Map<String, Integer> dictionary = dictionaries.get(i);
                    Integer code = dictionary.get(value);
                    if (code == null) {
                        code = dictionary.size() + 1;
                        dictionary.put(value, code);
                    }
                    codes[i][r] = code;
                }
            }
            labels[r++] = row.getInt(labelAt);
        }
        int[] cardinality = dictionaries.stream().mapToInt(Map::size).toArray();
        return new RawCountingLoop(features, codes, cardinality, labels);
    }

    /** The timed part: counts and MI per feature. */
    Map<String, Double> run() {
        Map<String, Double> mi = new HashMap<>();
        for (int i = 0; i < features.size(); i++) {
            int[] counts = new int[2 * (cardinality[i] + 1)];
            int[] column = codes[i];
            for (int r = 0; r < column.length; r++) {
                counts[(column[r] << 1) | labels[r]]++;
            }
            mi.put(features.get(i), MutualInformation.of(counts));
        }
        return mi;
    }
}
