package dev.rashomon.dataset;

import dev.rashomon.config.FeaturesConfig;
import dev.rashomon.config.InputConfig;
import dev.rashomon.config.LabelConfig;
import dev.rashomon.config.NumericConfig;
import dev.rashomon.config.SampleConfig;
import dev.rashomon.io.TabularInput;
import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What the rows of a dataset mean: which column is the label and how it becomes classes, which
 * columns are features, which strings mean "no value", which features are numeric, which rows
 * are sampled. Resolving it against an opened input checks every name before any scan.
 *
 * @param missing strings that mean "no value"; null cells are always missing
 */
public record DatasetSpec(LabelConfig label, FeaturesConfig features, List<String> missing,
                          NumericConfig numeric, SampleConfig sample) {

    /** A spec resolved against an input: the feature columns and a decoder for its rows. */
    public record Resolved(List<String> features, Set<String> numericFeatures, boolean sparse, RowDecoder decoder) {
        /** Whether a feature holds numbers (sparse formats: every feature). */
        public boolean isNumeric(String feature) {
            return sparse || numericFeatures.contains(feature);
        }
    }

    public Resolved resolve(TabularInput input, InputConfig inputConfig) {
        if (input.isSparse()) {
            return resolveSparse(input, inputConfig);
        }
        StructType dataSchema = input.dataSchema();
        List<String> columns = List.of(dataSchema.fieldNames());
        String where = "input " + inputConfig.path();
        if (!columns.contains(label.column())) {
            throw new UserError("label.column '" + label.column() + "' is not a column of " + where
                    + " (columns: " + String.join(", ", columns) + ")");
        }
        checkNamesExist(features.include(), columns, "features.include", where);
        checkNamesExist(features.exclude(), columns, "features.exclude", where);
        checkNamesExist(numeric.columns(), columns, "numeric.columns", where);

        List<String> chosen = new ArrayList<>();
        for (String column : features.include().isEmpty() ? columns : features.include()) {
            if (!column.equals(label.column()) && !features.exclude().contains(column)) {
                chosen.add(column);
            }
        }
        if (chosen.isEmpty()) {
            throw new UserError("no feature columns left in " + where + " after removing the label '" + label.column()
                    + "'" + (features.exclude().isEmpty() ? "" : " and features.exclude") + " (columns: "
                    + String.join(", ", columns) + ")");
        }
        Set<String> numericFeatures = new LinkedHashSet<>();
        for (String column : chosen) {
            DataType type = dataSchema.apply(column).dataType();
            if (type instanceof ArrayType || type instanceof MapType || type instanceof StructType || type instanceof BinaryType) {
                throw new UserError("feature column '" + column + "' of " + where + " has type " + type.simpleString()
                        + ", which has no categories to rank; list it in features.exclude");
            }
            if (type instanceof NumericType || numeric.columns().contains(column)) {
                numericFeatures.add(column);
            }
        }
        StructType rowSchema = input.rows().schema();
        int[] dataIndexes = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            dataIndexes[i] = rowSchema.fieldIndex(columns.get(i));
        }
        String[] checkedNames = numeric.columns().toArray(String[]::new);
        int[] checkedIndexes = numeric.columns().stream().mapToInt(rowSchema::fieldIndex).toArray();
        int corrupt = input.isDelimitedText() ? rowSchema.fieldIndex(TabularInput.CORRUPT_COLUMN) : -1;
        String delimiter = inputConfig.format() == InputConfig.Format.TSV ? "\t"
                : inputConfig.options().getOrDefault("delimiter", inputConfig.options().getOrDefault("sep", ","));
        RowDecoder decoder = new RowDecoder.Dense(this, rowSchema.fieldIndex(label.column()),
                chosen.toArray(String[]::new), chosen.stream().mapToInt(rowSchema::fieldIndex).toArray(),
                checkedNames, checkedIndexes, dataIndexes, rowSchema.fieldIndex(TabularInput.FILE_COLUMN), corrupt, delimiter,
                columns.toArray(String[]::new), input.isDecodedAsUtf8(inputConfig));
        return new Resolved(List.copyOf(chosen), Set.copyOf(numericFeatures), false, decoder);
    }

    private Resolved resolveSparse(TabularInput input, InputConfig inputConfig) {
        if (!label.column().equals("label")) {
            throw new UserError("label.column '" + label.column() + "' does not exist in " + inputConfig.format().configName()
                    + " input " + inputConfig.path() + ": its label is the first token of each line, named 'label'");
        }
        if (!numeric.columns().isEmpty()) {
            throw new UserError("numeric.columns is for CSV/TSV input; every " + inputConfig.format().configName()
                    + " feature is numeric already");
        }
        StructType rowSchema = input.rows().schema();
        RowDecoder decoder = new RowDecoder.Sparse(this, input.format() == InputConfig.Format.VW,
                rowSchema.fieldIndex(TabularInput.LINE_COLUMN), rowSchema.fieldIndex(TabularInput.FILE_COLUMN));
        return new Resolved(List.of(), Set.of(), true, decoder);
    }

    private static void checkNamesExist(List<String> names, List<String> columns, String key, String where) {
        for (String name : names) {
            if (!columns.contains(name)) {
                throw new UserError(key + " names column '" + name + "', which is not a column of " + where
                        + " (columns: " + String.join(", ", columns) + ")");
            }
        }
    }

    /** The column types of an input, for run metadata. */
    public static List<String> describe(StructType schema) {
        List<String> fields = new ArrayList<>();
        for (StructField field : schema.fields()) {
            fields.add(field.name() + ":" + field.dataType().simpleString());
        }
        return fields;
    }
}
