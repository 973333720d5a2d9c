package dev.rashomon.ensemble;

import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * The input's columns as the pool uses them, checked against the config before any Spark job:
 * numeric and categorical features, the columns kept in the predictions, and the label's type.
 *
 * @param numeric features read as numbers, in input order
 * @param categorical features read as categories, in input order
 * @param keep columns copied into the predictions table, in config order
 * @param text the numeric features whose values are text (parsed, so a non-number is a bad row)
 */
record InputColumns(List<String> numeric, List<String> categorical, List<String> keep, Set<String> text,
                    DataType labelType, List<String> checkedColumns, List<String> modelColumns) {
    /** Column names of the predictions tables that a kept column may not take. */
    static final Set<String> OUTPUT_COLUMNS = Set.of("row_id", "label", "scores", "model_id", "score");

    boolean isText(String column) {
        return text.contains(column);
    }

    List<String> features() {
        List<String> all = new ArrayList<>(numeric);
        all.addAll(categorical);
        return all;
    }

    static InputColumns resolve(StructType schema, EnsembleConfig config, String where) {
        List<String> columns = List.of(schema.fieldNames());
        String listed = " (columns: " + String.join(", ", columns) + ")";
        String label = config.label().column();
        if (!columns.contains(label)) {
            throw new UserError("label.column '" + label + "' is not a column of " + where + listed);
        }
        checkNamesExist(config.features().include(), columns, "features.include", where, listed);
        checkNamesExist(config.features().exclude(), columns, "features.exclude", where, listed);
        checkNamesExist(config.numeric().columns(), columns, "numeric.columns", where, listed);
        checkNamesExist(config.ensemble().keepColumns(), columns, "ensemble.keep_columns", where, listed);
        String rowId = config.ensemble().rowId();
        if (rowId != null) {
            checkNamesExist(List.of(rowId), columns, "ensemble.row_id", where, listed);
            DataType type = schema.apply(rowId).dataType();
            boolean integral = type instanceof NumericType && !(type instanceof DoubleType || type instanceof FloatType
                    || type instanceof DecimalType && ((DecimalType) type).scale() > 0);
            if (!integral && !(type instanceof StringType)) {
                throw new UserError("ensemble.row_id column '" + rowId + "' of " + where + " has type " + type.simpleString()
                        + "; row ids must be integers");
            }
        }
        for (String kept : config.ensemble().keepColumns()) {
            if (OUTPUT_COLUMNS.contains(kept)) {
                throw new UserError("ensemble.keep_columns names '" + kept + "', which the predictions table has already ("
                        + String.join(", ", OUTPUT_COLUMNS.stream().sorted().toList()) + "); rename the column in the input");
            }
        }

        List<String> numeric = new ArrayList<>();
        List<String> categorical = new ArrayList<>();
        Set<String> text = new LinkedHashSet<>();
        for (String column : config.features().include().isEmpty() ? columns : config.features().include()) {
            if (column.equals(label) || config.features().exclude().contains(column)
                    || column.equals(rowId) && config.features().include().isEmpty()) {
                continue;
            }
            DataType type = schema.apply(column).dataType();
            if (type instanceof ArrayType || type instanceof MapType || type instanceof StructType || type instanceof BinaryType) {
                throw new UserError("feature column '" + column + "' of " + where + " has type " + type.simpleString()
                        + ", which the ensemble job cannot encode; list it in features.exclude");
            }
            if (type instanceof NumericType) {
                numeric.add(column);
            } else if (config.numeric().columns().contains(column)) {
                numeric.add(column);
                text.add(column);
            } else {
                categorical.add(column);
            }
        }
        if (numeric.isEmpty() && categorical.isEmpty()) {
            throw new UserError("no feature columns left in " + where + " after removing the label '" + label + "'"
                    + (rowId == null ? "" : ", the row id '" + rowId + "'")
                    + (config.features().exclude().isEmpty() ? "" : " and features.exclude") + listed);
        }
        Set<String> checked = new LinkedHashSet<>();
        Set<String> model = new LinkedHashSet<>();
        for (String column : columns) {
            boolean feature = numeric.contains(column) || categorical.contains(column);
            boolean kept = config.ensemble().keepColumns().contains(column);
            if (feature || kept) {
                model.add(column);
            }
            if (feature || kept || column.equals(label) || column.equals(rowId)) {
                checked.add(column);
            }
        }
        return new InputColumns(List.copyOf(numeric), List.copyOf(categorical), config.ensemble().keepColumns(),
                Set.copyOf(text), schema.apply(label).dataType(), List.copyOf(checked), List.copyOf(model));
    }

    private static void checkNamesExist(List<String> names, List<String> columns, String key, String where, String listed) {
        for (String name : names) {
            if (!columns.contains(name)) {
                throw new UserError(key + " names column '" + name + "', which is not a column of " + where + listed);
            }
        }
    }
}
