package dev.rashomon.rashomon;

import dev.rashomon.io.Cells;
import dev.rashomon.io.InputReader;
import dev.rashomon.run.UserError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads the small per-model tables: selection losses ({@code model_id, loss}) and groups ({@code model_id, group}). */
final class ModelTables {
    private ModelTables() {
    }

    /** model_id → loss. */
    static Map<String, Double> losses(Dataset<Row> table, String where) {
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<String, Object> entry : column(table, where, "loss").entrySet()) {
            Object raw = entry.getValue();
            Double loss = Cells.number(raw);
            if (loss == null || !Double.isFinite(loss)) {
                throw new UserError(where + ": the loss of model '" + entry.getKey() + "' is '" + raw
                        + "', not a finite number");
            }
            out.put(entry.getKey(), loss);
        }
        return out;
    }

    /** model_id → group (its text; an empty group is an error). */
    static Map<String, String> groups(Dataset<Row> table, String where, String column) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, Object> entry : column(table, where, column).entrySet()) {
            if (entry.getValue() == null || entry.getValue().toString().isEmpty()) {
                throw new UserError(where + ": model '" + entry.getKey() + "' has no " + column);
            }
            out.put(entry.getKey(), entry.getValue().toString());
        }
        return out;
    }

    static Dataset<Row> read(SparkSession spark, RashomonConfig.Table table) {
        return InputReader.open(spark, table.asInput()).rows();
    }

    /** Every model in {@code models} must have a value. */
    static <T> T[] byModel(Map<String, T> values, List<String> models, String where, T[] out) {
        for (int m = 0; m < models.size(); m++) {
            T value = values.get(models.get(m));
            if (value == null) {
                throw new UserError(where + " has no line for model '" + models.get(m) + "' (every model of the pool "
                        + "needs one)");
            }
            out[m] = value;
        }
        return out;
    }

    /**
     * A table that names a model the pool does not have is refused: its line would be ignored, which usually means
     * the table belongs to another pool (the first such model in sorted order is named).
     */
    static void refuseUnknown(java.util.Set<String> named, List<String> models, String where) {
        named.stream().filter(m -> !models.contains(m)).sorted().findFirst().ifPresent(unknown -> {
            throw new UserError(where + " has a line for model '" + unknown + "', which is not in the pool (models: "
                    + String.join(", ", models.subList(0, Math.min(models.size(), 20))) + (models.size() > 20 ? ", …" : "")
                    + "); every line must name a model of the pool");
        });
    }

    private static Map<String, Object> column(Dataset<Row> table, String where, String column) {
        for (String required : List.of("model_id", column)) {
            if (!List.of(table.columns()).contains(required)) {
                throw new UserError(where + " has no column '" + required + "' (it needs model_id and " + column
                        + "; columns: " + String.join(", ", table.columns()) + ")");
            }
        }
        Map<String, Object> out = new HashMap<>();
        List<Row> rows = table.select("model_id", column).collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.isNullAt(0) || row.get(0).toString().isEmpty()) {
                throw new UserError(where + ": line " + (i + 1) + " has no model_id");
            }
            String model = row.get(0).toString();
            if (out.containsKey(model)) {
                throw new UserError(where + ": model '" + model + "' appears twice");
            }
            out.put(model, row.get(1));
        }
        return out;
    }

}
