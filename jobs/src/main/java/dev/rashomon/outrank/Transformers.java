package dev.rashomon.outrank;

import dev.rashomon.outrank.compat.PythonFormat;
import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * OutRank's numeric transformer presets (reference 4.3): {@code <column><suffix>} features whose
 * value is a function of the column's value, so their exact contingency counts follow from the
 * column's counts without another look at the data. A missing value is read as 0.0, as OutRank
 * reads ''; a result that is not a number (NaN) is a missing value, which partitions the rows as
 * OutRank's 'nan' category does. Values are spelled as NumPy prints them.
 */
public final class Transformers implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A transform of x given the column's maximum. */
    public interface Transform extends Serializable {
        double apply(double x, double max);
    }

    private final Map<String, Transform> transforms;

    private Transformers(Map<String, Transform> transforms) {
        this.transforms = transforms;
    }

    /** Presets by name: {@code minimal}, {@code default}, {@code fw-transformers}; a comma list merges them. */
    public static Transformers of(String presets) {
        Map<String, Transform> all = new LinkedHashMap<>();
        for (String preset : presets.split(",")) {
            switch (preset.trim()) {
                case "none" -> { }
                case "minimal" -> all.putAll(minimal());
                case "default" -> all.putAll(defaults());
                case "fw-transformers" -> all.putAll(fw());
                default -> throw new UserError("transformers: unknown preset '" + preset.trim()
                        + "' (known: none, minimal, default, fw-transformers)");
            }
        }
        return new Transformers(all);
    }

    public boolean isEmpty() {
        return transforms.isEmpty();
    }

    /** The transforms by suffix, in OutRank's order. */
    public Map<String, Transform> transforms() {
        return transforms;
    }

    /** The transformed features' names for a column. */
    List<String> names(String column) {
        List<String> names = new ArrayList<>();
        transforms.keySet().forEach(suffix -> names.add(column + suffix));
        return names;
    }

    private static Map<String, Transform> minimal() {
        Map<String, Transform> t = new LinkedHashMap<>();
        t.put("_tr_sqrt", (x, max) -> Math.sqrt(x));
        t.put("_tr_log(x+1)", (x, max) -> Math.log(x + 1));
        t.put("_tr_sqrt(abs(x))", (x, max) -> Math.sqrt(Math.abs(x)));
        t.put("_tr_log(abs(x)+1)", (x, max) -> Math.log(Math.abs(x) + 1));
        return t;
    }

    private static Map<String, Transform> defaults() {
        Map<String, Transform> t = minimal();
        t.put("_tr_div(x,abs(x))*log(abs(x))", (x, max) -> x / Math.abs(x) * Math.log(Math.abs(x)));
        t.put("_tr_log(x + sqrt(pow(x,2), 1)", (x, max) -> Math.log(x + Math.sqrt(Math.pow(x, 2) + 1)));
        t.put("_tr_log*sqrt", (x, max) -> Math.log(x + 1) * Math.sqrt(x));
        t.put("_tr_log*100", (x, max) -> Math.rint(Math.log(x + 1) * 100));
        t.put("_tr_nonzero", (x, max) -> x != 0 ? 1 : 0);
        t.put("_tr_round(div(x,max))", (x, max) -> Math.rint(x / max));
        return t;
    }

    /** default plus OutRank's fw binnings at resolutions 1, 10, 50, 100 and thresholds 1…96 and 0.01…0.96. */
    private static Map<String, Transform> fw() {
        Map<String, Transform> t = defaults();
        int[] resolutions = {1, 10, 50, 100};
        int[] thresholds = {1, 2, 4, 8, 16, 32, 64, 96};
        for (int r : resolutions) {
            for (int g : thresholds) {
                t.put("_tr_fw_sqrt_res_" + r + "_gt_" + g, binning(g, r, false));
                t.put("_tr_fw_log_res_" + r + "_gt_" + g, binning(g, r, true));
            }
        }
        for (int r : resolutions) {
            for (int g : thresholds) {
                double threshold = g / 100.0;
                String spelled = PythonFormat.repr(threshold);
                t.put("_tr_fw_prob_sqrt_res_" + r + "_gt_" + spelled, binning(threshold, r, false));
                t.put("_tr_fw_prob_log_res_" + r + "_gt_" + spelled, binning(threshold, r, true));
            }
        }
        return t;
    }

    /** x below the threshold; round(r·sqrt(x − g)) or round(r·ln(x − g)) above it; 0 at it. */
    private static Transform binning(double g, int r, boolean log) {
        return (x, max) -> x < g ? x : x > g ? Math.rint((log ? Math.log(x - g) : Math.sqrt(x - g)) * r) : 0;
    }

    /** NumPy's text of a result: integers of the indicator as "0"/"1", other results as Python floats. */
    public static String spell(String suffix, double y) {
        if (suffix.equals("_tr_nonzero")) {
            return y == 1 ? "1" : "0";
        }
        return PythonFormat.repr(y);
    }

    /**
     * The class counts of every transformed feature of the given numeric columns.
     *
     * @param columns each numeric column with its maximum and its rows per class where it is missing
     */
    JavaPairRDD<FeatureValue, ClassCounts> apply(JavaSparkContext context, JavaPairRDD<FeatureValue, ClassCounts> values,
                                                 Map<String, Double> columns, Map<String, ClassCounts> missingByColumn,
                                                 int partitions) {
        Set<String> numeric = Set.copyOf(columns.keySet());
        List<Tuple2<FeatureValue, ClassCounts>> missing = new ArrayList<>();
        missingByColumn.forEach((column, counts) -> missing.add(new Tuple2<>(new FeatureValue(column, "0.0"), counts)));
        Map<String, Transform> byName = transforms;
        Map<String, Double> maxima = Map.copyOf(columns);
        return values.filter(record -> numeric.contains(record._1().feature))
                .union(context.parallelizePairs(missing, 1))
                .flatMapToPair(record -> {
                    String column = record._1().feature;
                    double x = Double.parseDouble(record._1().value.trim());
                    List<Tuple2<FeatureValue, ClassCounts>> out = new ArrayList<>(byName.size());
                    byName.forEach((suffix, transform) -> {
                        double y = transform.apply(x, maxima.get(column));
                        if (!Double.isNaN(y)) {
                            ClassCounts copy = new ClassCounts(record._2().labels, record._2().counts.clone());
                            out.add(new Tuple2<>(new FeatureValue(column + suffix, spell(suffix, y)), copy));
                        }
                    });
                    return out.iterator();
                })
                .reduceByKey(ClassCounts::merge, partitions);
    }

    /**
     * OutRank's keep rules: more than one category, the most frequent (missing included) under 80 %
     * of the rows, missing (NaN) under 75 %.
     */
    static boolean keep(FeatureCounts counts, long rows) {
        long missing = rows - counts.presentRows();
        long categories = counts.cardinality() + (missing > 0 ? 1 : 0);
        long top = Math.max(counts.topCount, missing);
        return categories > 1 && (double) top / rows < 0.80 && (double) missing / rows < 0.75;
    }

    /** Rows per class where a column has no value: the class totals less the rows with one. */
    static ClassCounts missingRows(FeatureCounts counts, SortedMap<String, Long> classTotals) {
        TreeMap<String, Long> missing = new TreeMap<>();
        classTotals.forEach((label, total) -> {
            long rows = total - counts.presentRows(label);
            if (rows > 0) {
                missing.put(label, rows);
            }
        });
        return ClassCounts.fromMap(missing);
    }
}
