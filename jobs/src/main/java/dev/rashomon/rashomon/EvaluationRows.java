package dev.rashomon.rashomon;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.rashomon.config.InputConfig;
import dev.rashomon.dataset.RowDecoder;
import dev.rashomon.io.InputReader;
import dev.rashomon.io.TabularInput;
import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Models mode's evaluation rows: the raw input columns as the saved pipelines read them, the label
 * as 0/1, and a 128-bit key hashed from the row's content. The key orders rows for the keyed
 * pairing whatever the files and partitions; rows with equal keys are equal rows, so their order
 * cannot change a result.
 */
final class EvaluationRows {
    static final String LABEL = "_rr_label";
    static final String KEY = "_rr_key";
    static final String TIE = "_rr_tie";
    private static final String NULL_TEXT = "\u0000null";

    /**
     * @param rows raw columns, then {@link #LABEL}, {@link #KEY}, {@link #TIE}; persisted
     * @param raw the raw columns, in order
     * @param skipped rows left out by input.bad_rows: skip
     * @param skippedExamples up to input.bad_row_examples of them, described as an error would, in file and text order
     */
    record Result(Dataset<Row> rows, List<String> raw, List<String> features, long count, long skipped,
                  List<String> skippedExamples) {
    }

    private EvaluationRows() {
    }

    static Result read(SparkSession spark, RashomonConfig config) {
        InputConfig inputConfig = config.input();
        TabularInput input = InputReader.open(spark, inputConfig);
        String where = "input " + inputConfig.path();
        List<String> raw = List.of(input.dataSchema().fieldNames());
        String labelColumn = config.label().column();
        if (!raw.contains(labelColumn)) {
            throw new UserError(where + " has no label column '" + labelColumn + "' (label.column; columns: "
                    + String.join(", ", raw) + ")");
        }
        List<String> features = features(config, raw, where);
        Dataset<Row> rows = input.rows();
        Column problem = lit(null).cast("string");
        if (input.isDelimitedText()) {
            problem = when(col(TabularInput.CORRUPT_COLUMN).isNotNull(),
                    lit("its field count differs from the header: ").cast("string")).otherwise(problem);
        }
        if (input.isDecodedAsUtf8(inputConfig)) {
            // One coalesce, not a when() per column around the previous expression: that doubles the
            // expression tree per column (2^21 nodes for German credit's 21 columns).
            List<Column> checks = new ArrayList<>(List.of(problem));
            for (String column : raw) {
                checks.add(when(col(quote(column)).contains("\uFFFD"), lit(RowDecoder.notUtf8Reason(column))));
            }
            problem = coalesce(checks.toArray(Column[]::new));
        }
        Column label = labelExpression(config.label());
        rows = rows.withColumn(LABEL, label);
        problem = when(problem.isNull().and(col(LABEL).isNull()), lit("its label '")).otherwise(problem);
        rows = rows.withColumn("_rr_problem", problem);
        boolean skip = inputConfig.badRows() == InputConfig.BadRows.SKIP;
        List<Row> bad = rows.where(col("_rr_problem").isNotNull()).limit(1).collectAsList();
        long skipped = 0;
        if (!bad.isEmpty() && !skip) {
            throw new UserError(where + ": a row cannot be used: " + describe(bad.get(0), labelColumn, config.label())
                    + " (input.bad_rows: skip leaves such rows out)");
        }
        List<String> examples = List.of();
        if (!bad.isEmpty()) {
            Dataset<Row> badRows = rows.where(col("_rr_problem").isNotNull());
            skipped = badRows.count();
            List<Column> order = new ArrayList<>();
            order.add(col(TabularInput.FILE_COLUMN));
            raw.forEach(column -> order.add(col(quote(column))));
            examples = badRows.orderBy(order.toArray(Column[]::new)).limit(inputConfig.badRowExamples()).collectAsList()
                    .stream().map(row -> describe(row, labelColumn, config.label())).toList();
            rows = rows.where(col("_rr_problem").isNull());
        }
        List<Column> selected = new ArrayList<>();
        List<Column> hashed = new ArrayList<>();
        for (String column : raw) {
            selected.add(col(quote(column)));
            hashed.add(coalesce(col(quote(column)).cast("string"), lit(NULL_TEXT)));
        }
        selected.add(col(LABEL).cast("int").as(LABEL));
        selected.add(xxhash64(hashed.toArray(Column[]::new)).as(KEY));
        List<Column> salted = new ArrayList<>(hashed);
        salted.add(0, lit("rashomon tie"));
        selected.add(xxhash64(salted.toArray(Column[]::new)).as(TIE));
        Dataset<Row> prepared = rows.select(selected.toArray(Column[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
        long count = prepared.count();
        if (count < 2) {
            prepared.unpersist(false);
            throw new UserError(where + " has " + count + " usable row" + (count == 1 ? "" : "s")
                    + "; model reliance needs at least 2 (a perturbation swaps values between rows)");
        }
        return new Result(prepared, raw, features, count, skipped, examples);
    }

    /** The label as 1, 0, or NULL when it cannot be read. */
    private static Column labelExpression(RashomonConfig.Label label) {
        String column = quote(label.column());
        if (label.positiveClass() != null) {
            return expr("CASE WHEN " + column + " IS NULL THEN NULL WHEN CAST(" + column + " AS STRING) = "
                    + literal(label.positiveClass()) + " THEN 1 ELSE 0 END");
        }
        String number = "TRY_CAST(" + column + " AS DOUBLE)";
        if (label.threshold() != null) {
            return expr("CASE WHEN " + number + " IS NULL OR isnan(" + number + ") THEN NULL WHEN " + number + " >= "
                    + label.threshold() + " THEN 1 ELSE 0 END");
        }
        return expr("CASE WHEN " + number + " = 1 THEN 1 WHEN " + number + " = 0 THEN 0 ELSE NULL END");
    }

    private static String describe(Row row, String labelColumn, RashomonConfig.Label label) {
        String problem = row.getString(row.fieldIndex("_rr_problem"));
        if (problem.startsWith("its label")) {
            return "its label '" + row.get(row.fieldIndex(labelColumn)) + "' is " + (row.isNullAt(row.fieldIndex(labelColumn))
                    ? "missing" : label.threshold() != null ? "not a number (label.threshold is set)"
                    : "not 0 or 1 (set label.positive_class or label.threshold)") + "; file "
                    + row.get(row.fieldIndex(TabularInput.FILE_COLUMN));
        }
        Object record = row.schema().getFieldIndex(TabularInput.CORRUPT_COLUMN).isEmpty() ? null
                : row.get(row.fieldIndex(TabularInput.CORRUPT_COLUMN));
        return problem + (record == null ? "" : record) + "; file "
                + row.get(row.fieldIndex(TabularInput.FILE_COLUMN));
    }

    private static List<String> features(RashomonConfig config, List<String> raw, String where) {
        List<String> include = config.features().include();
        for (String column : include) {
            if (!raw.contains(column)) {
                throw new UserError("features.include names '" + column + "', which is not a column of " + where
                        + " (columns: " + String.join(", ", raw) + ")");
            }
        }
        for (String column : config.features().exclude()) {
            if (!raw.contains(column)) {
                throw new UserError("features.exclude names '" + column + "', which is not a column of " + where);
            }
        }
        if (include.contains(config.label().column())) {
            throw new UserError("features.include names the label column '" + config.label().column() + "'");
        }
        List<String> chosen = new ArrayList<>();
        for (String column : include.isEmpty() ? raw : include) {
            if (!column.equals(config.label().column()) && !config.features().exclude().contains(column)) {
                chosen.add(column);
            }
        }
        if (chosen.isEmpty()) {
            throw new UserError(where + ": no feature is left to perturb (features.include / features.exclude)");
        }
        for (String column : chosen) {
            if (column.contains(Reliance.PAIR)) {
                throw new UserError("feature '" + column + "' has '" + Reliance.PAIR + "' in its name, which names pairs "
                        + "of features in the output; exclude or rename it");
            }
        }
        return chosen;
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
