package dev.rashomon.rashomon;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import dev.rashomon.info.SplitMix64;
import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The evaluation rows of the exploration: the {@code size} rows with the smallest SplitMix64(key ^ seed),
 * which depend on the keys alone, never on partitioning. They are collected (one Spark job) and kept in
 * pairing order ({@link Pairings}), with the features as doubles (Spark's CAST) by position.
 *
 * @param frame the rows as they were, plus {@link #POSITION} and {@link #LABEL}, in pairing order
 * @param values values[c][r]: feature c of the row at position r (null where the row has none)
 * @param labels labels[r], 0 or 1
 */
record Subsample(Dataset<Row> frame, Double[][] values, int[] labels) {
    static final String POSITION = "__rashomon_position";
    static final String LABEL = "__rashomon_label";
    private static final String DRAW = "__rashomon_draw";
    private static final String KEY = "__rashomon_key";
    private static final String VALUE = "__rashomon_value_";

    int size() {
        return labels.length;
    }

    static Subsample draw(SparkSession spark, Dataset<Row> rows, String keyColumn, String labelColumn, List<String> features,
            int size, long seed) {
        StructType schema = rows.schema();
        validate(schema, keyColumn, labelColumn, features);
        UDF1<Long, Long> mix = key -> {
            if (key == null) {
                throw new UserError("exploration: key column '" + keyColumn + "' has a null value; it must hold a unique long per row");
            }
            return SplitMix64.mix(key ^ seed);
        };
        List<Column> selected = new ArrayList<>();
        for (String name : schema.fieldNames()) {
            selected.add(col(quoted(name)));
        }
        selected.add(col(quoted(keyColumn)).cast(DataTypes.LongType).as(KEY));
        selected.add(col(quoted(labelColumn)).try_cast(DataTypes.DoubleType).as(LABEL));
        for (int c = 0; c < features.size(); c++) {
            selected.add(col(quoted(features.get(c))).cast(DataTypes.DoubleType).as(VALUE + c));
        }
        selected.add(udf(mix, DataTypes.LongType).apply(col(KEY)).as(DRAW));
        List<Row> drawn = rows.select(selected.toArray(Column[]::new)).orderBy(col(DRAW)).limit(size).collectAsList();

        int width = schema.size();
        int n = drawn.size();
        if (n <= features.size() || n < 2) {
            throw new UserError("exploration needs more evaluation rows than features (" + features.size() + "), got " + n);
        }
        List<Row> ordered = new ArrayList<>(drawn);
        ordered.sort(Comparator.comparingLong((Row r) -> Pairings.orderDraw(r.getLong(width), seed)));
        Set<Long> keys = new HashSet<>();
        Double[][] values = new Double[features.size()][n];
        int[] labels = new int[n];
        List<Row> framed = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            Row row = ordered.get(r);
            long key = row.getLong(width);
            if (!keys.add(key)) {
                throw new UserError("exploration: key column '" + keyColumn + "' is not unique (" + key + " appears twice)");
            }
            labels[r] = label(row, width + 1, labelColumn, key);
            for (int c = 0; c < features.size(); c++) {
                values[c][r] = row.isNullAt(width + 2 + c) ? null : row.getDouble(width + 2 + c);
            }
            Object[] out = new Object[width + 2];
            for (int i = 0; i < width; i++) {
                out[i] = row.get(i);
            }
            out[width] = r;
            out[width + 1] = labels[r];
            framed.add(RowFactory.create(out));
        }
        StructType frameSchema = schema.add(POSITION, DataTypes.IntegerType, false).add(LABEL, DataTypes.IntegerType, false);
        return new Subsample(spark.createDataFrame(framed, frameSchema), values, labels);
    }

    private static void validate(StructType schema, String keyColumn, String labelColumn, List<String> features) {
        if (features.isEmpty()) {
            throw new UserError("exploration needs at least one feature");
        }
        Set<String> seen = new HashSet<>();
        for (String feature : features) {
            if (!seen.add(feature)) {
                throw new UserError("exploration feature '" + feature + "' is listed twice");
            }
            DataType type = typeOf(schema, feature);
            if (type == null) {
                throw new UserError("exploration feature '" + feature + "' is not a column of the evaluation rows (columns: "
                        + String.join(", ", schema.fieldNames()) + ")");
            }
            if (!(type instanceof NumericType)) {
                throw new UserError("exploration feature '" + feature + "' is " + type.simpleString()
                        + ", not numeric; only numeric features can be rescaled");
            }
        }
        DataType key = typeOf(schema, keyColumn);
        if (!(key instanceof IntegralType)) {
            throw new UserError("exploration key column '" + keyColumn + "' must be an integer column of the evaluation rows, got "
                    + (key == null ? "no such column" : key.simpleString()));
        }
        if (typeOf(schema, labelColumn) == null) {
            throw new UserError("exploration label column '" + labelColumn + "' is not a column of the evaluation rows");
        }
    }

    private static DataType typeOf(StructType schema, String name) {
        return Arrays.stream(schema.fields()).filter(f -> f.name().equals(name)).map(StructField::dataType).findFirst().orElse(null);
    }

    private static int label(Row row, int index, String labelColumn, long key) {
        Double value = row.isNullAt(index) ? null : row.getDouble(index);
        if (value == null || (value != 0.0 && value != 1.0)) {
            throw new UserError("exploration: label column '" + labelColumn + "' must be 0 or 1; the row with key " + key
                    + " has " + value);
        }
        return value.intValue();
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
