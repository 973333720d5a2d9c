package dev.rashomon.ensemble;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.rashomon.config.InputConfig;
import dev.rashomon.dataset.RowDecoder;
import dev.rashomon.io.InputReader;
import dev.rashomon.io.TabularInput;
import dev.rashomon.run.RunMetadata;
import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.storage.StorageLevel;

/**
 * The input as the pool trains on it: every row numbered ({@link #ROW_ID}), labelled 0/1
 * ({@link #LABEL}) and assigned to the training or the selection split ({@link #SELECTION});
 * rows that cannot be used fail the run or are skipped and counted. The kept rows are spread over
 * a fixed number of partitions by a hash of row_id and sorted within them, so everything computed
 * from them is independent of how the input was split into files.
 */
final class LabeledRows {
    static final String ROW_ID = "_ens_row_id";
    static final String LABEL = "_ens_label";
    static final String SELECTION = "_ens_selection";
    private static final String PROBLEM = "_ens_problem";
    private static final String INTERNAL_PREFIX = "_ens_";

    /** What the checks counted: rows read, bad, and per split all and positive rows. */
    record Counts(long read, long bad, long training, long trainingPositives, long selection, long selectionPositives) {
        long used() {
            return training + selection;
        }
    }

    /** The prepared rows (partitioned by row_id, sorted, cached) and what the checks counted. */
    record Prepared(Dataset<Row> rows, InputColumns columns, Counts counts) {
    }

    private final SparkSession spark;
    private final EnsembleConfig config;
    private final RunMetadata run;

    LabeledRows(SparkSession spark, EnsembleConfig config, RunMetadata run) {
        this.spark = spark;
        this.config = config;
        this.run = run;
    }

    /** Opens the input and checks every name in the config against it (no Spark job). */
    InputColumns resolve(TabularInput input) {
        for (String name : input.dataSchema().fieldNames()) {
            if (name.startsWith(INTERNAL_PREFIX)) {
                throw new UserError("input " + config.input().path() + " has a column '" + name + "'; names starting with '"
                        + INTERNAL_PREFIX + "' are reserved for the ensemble job's own columns");
            }
        }
        return InputColumns.resolve(input.dataSchema(), config, "input " + config.input().path());
    }

    /**
     * Reads, checks and splits the rows. The input is read twice (counting rows per file split,
     * then numbering them); every later step reads the persisted result.
     */
    Prepared prepare() {
        TabularInput input = InputReader.open(spark, config.input());
        InputColumns columns = resolve(input);
        describeInput(input, columns);
        Dataset<Row> positioned = RowPositions.attach(input.rows(), TabularInput.FILE_COLUMN);
        Dataset<Row> annotated = annotate(positioned, input, columns).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Column training = good().and(not(col(SELECTION)));
            Column selection = good().and(col(SELECTION));
            Column positive = col(LABEL).equalTo(1);
            Row counts = annotated.agg(count(lit(1)).as("read"), count(col(PROBLEM)).as("bad"),
                    functions.min_by(struct(col(PROBLEM + ".reason"), col(PROBLEM + ".hint"), col(TabularInput.FILE_COLUMN),
                            col(RowPositions.FILE_ROW)), when(col(PROBLEM).isNotNull(), col(RowPositions.POSITION))).as("first_bad"),
                    countWhere(training).as("training"),
                    countWhere(training.and(positive)).as("training_positives"),
                    countWhere(selection).as("selection"),
                    countWhere(selection.and(positive)).as("selection_positives"),
                    countWhere(good().and(positive)).as("positives"),
                    numericPresence(columns).as("numeric_present")).first();
            long read = counts.getAs("read");
            long bad = counts.getAs("bad");
            checkBadRows(annotated, read, bad, counts.getAs("first_bad"));
            if (config.ensemble().rowId() != null) {
                checkUniqueRowIds(annotated);
            }
            Counts split = new Counts(read, bad, counts.getAs("training"), counts.getAs("training_positives"),
                    counts.getAs("selection"), counts.getAs("selection_positives"));
            recordRows(split);
            checkClasses(split, counts.getAs("positives"));
            checkNumericPresence(columns, counts.getAs("numeric_present"));
            List<Column> kept = new ArrayList<>();
            for (String name : columns.modelColumns()) {
                kept.add(col(ColumnSql.quote(name)));
            }
            kept.add(col(ROW_ID));
            kept.add(col(LABEL));
            kept.add(col(SELECTION));
            Dataset<Row> rows = annotated.filter(good()).select(kept.toArray(Column[]::new))
                    .repartition(config.ensemble().partitions(), col(ROW_ID))
                    .sortWithinPartitions(ROW_ID)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            try {
                rows.count();
            } catch (RuntimeException e) {
                rows.unpersist();
                throw e;
            }
            return new Prepared(rows, columns, split);
        } finally {
            annotated.unpersist();
        }
    }

    private static Column good() {
        return col(PROBLEM).isNull();
    }

    private static Column countWhere(Column condition) {
        return count(when(condition, lit(1)));
    }

    /** Row id, label, split and the first problem of each row (null for a good row). */
    private Dataset<Row> annotate(Dataset<Row> positioned, TabularInput input, InputColumns columns) {
        List<Column> problems = new ArrayList<>();
        if (input.isDelimitedText()) {
            problems.add(problem(col(TabularInput.CORRUPT_COLUMN).isNotNull(),
                    lit("row's fields do not match the header's " + input.dataSchema().size() + " columns"), null));
        }
        if (input.isDecodedAsUtf8(config.input())) {
            for (String name : input.dataSchema().fieldNames()) {
                problems.add(problem(col(ColumnSql.quote(name)).contains("\uFFFD"), lit(RowDecoder.notUtf8Reason(name)), null));
            }
        }
        LabelRule labelRule = new LabelRule(config, columns.labelType());
        String labelName = config.label().column();
        Column rawLabel = col(ColumnSql.quote(labelName));
        problems.add(problem(expr(ColumnSql.isMissing(labelName, config.missing())),
                lit("label column '" + labelName + "' has no value"), null));
        Column label = labelRule.label(rawLabel);
        problems.add(problem(label.isNull(), concat(lit("label column '" + labelName + "' holds '"), rawLabel.cast("string"),
                lit("'" + labelRule.invalidSuffix())), labelRule.invalidHint()));
        Column rowId;
        String rowIdName = config.ensemble().rowId();
        if (rowIdName == null) {
            rowId = col(RowPositions.POSITION);
        } else {
            Column raw = col(ColumnSql.quote(rowIdName));
            rowId = raw.try_cast(DataTypes.LongType);
            problems.add(problem(raw.isNull(), lit("ensemble.row_id column '" + rowIdName + "' has no value"), null));
            problems.add(problem(rowId.isNull(), concat(lit("ensemble.row_id column '" + rowIdName + "' holds '"),
                    raw.cast("string"), lit("', which is not an integer")), null));
        }
        for (String name : columns.numeric()) {
            Column number = expr(ColumnSql.number(name, config.missing()));
            Column text = col(ColumnSql.quote(name)).cast("string");
            Column present = not(expr(ColumnSql.isMissing(name, config.missing())));
            problems.add(problem(present.and(number.isNull()), concat(lit("column '" + name + "' holds '"), text,
                    lit("', which is not a number" + (columns.isText(name) ? " (numeric.columns)" : ""))), null));
            problems.add(problem(present.and(functions.abs(number).equalTo(Double.POSITIVE_INFINITY)),
                    concat(lit("column '" + name + "' holds '"), text, lit("', which is not a finite number")), null));
        }
        List<Column> selected = new ArrayList<>();
        for (String name : columns.checkedColumns()) {
            selected.add(col(ColumnSql.quote(name)));
        }
        selected.add(col(TabularInput.FILE_COLUMN));
        selected.add(col(RowPositions.POSITION));
        selected.add(col(RowPositions.FILE_ROW));
        selected.add(input.isDelimitedText() ? col(TabularInput.CORRUPT_COLUMN) : lit(null).cast("string").as(TabularInput.CORRUPT_COLUMN));
        selected.add(rowId.as(ROW_ID));
        selected.add(label.as(LABEL));
        selected.add(coalesce(problems.toArray(Column[]::new)).as(PROBLEM));
        Dataset<Row> annotated = positioned.select(selected.toArray(Column[]::new));
        UserDefinedFunction inSelection = selectionRule(config.ensemble().splitSeed(), config.ensemble().selectionFraction());
        return annotated.withColumn(SELECTION, when(good(), inSelection.apply(col(ROW_ID))));
    }

    private static Column problem(Column condition, Column reason, String hint) {
        return when(condition, struct(reason.as("reason"), lit(hint).cast("string").as("hint")));
    }

    /** The split rule as a Spark function of row_id. */
    static UserDefinedFunction selectionRule(long seed, double fraction) {
        return functions.udf((UDF1<Long, Boolean>) rowId -> rowId == null ? null : RowDraws.inSelection(rowId, seed, fraction),
                DataTypes.BooleanType);
    }

    /** How the label's values become 0 and 1. */
    private record LabelRule(EnsembleConfig config, DataType type) {
        Column label(Column raw) {
            String positive = config.ensemble().positiveClass();
            Double threshold = config.label().threshold();
            Column missing = expr(ColumnSql.isMissing(config.label().column(), config.missing()));
            Column value;
            if (positive != null) {
                Column isPositive = type instanceof NumericType && parses(positive)
                        ? raw.cast("double").equalTo(Double.parseDouble(positive))
                        : raw.cast("string").equalTo(positive);
                value = when(isPositive, 1.0).otherwise(0.0);
            } else if (type instanceof BooleanType) {
                value = when(raw, 1.0).otherwise(0.0);
            } else {
                Column number = type instanceof StringType ? raw.try_cast(DataTypes.DoubleType) : raw.cast("double");
                value = threshold != null
                        ? when(number.geq(threshold), 1.0).when(number.lt(threshold), 0.0)
                        : when(number.equalTo(0.0), 0.0).when(number.equalTo(1.0), 1.0);
            }
            return when(not(missing), value);
        }

        String invalidSuffix() {
            return config.label().threshold() != null ? ", which is not a number (label.threshold is set)" : "";
        }

        String invalidHint() {
            return config.label().threshold() != null ? null : "set ensemble.positive_class or label.threshold";
        }

        private static boolean parses(String text) {
            try {
                Double.parseDouble(text.trim());
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /** How many training rows hold a number, per numeric feature (the imputer needs at least one). */
    private Column numericPresence(InputColumns columns) {
        List<Column> counts = new ArrayList<>();
        counts.add(lit(0).as("_none"));
        Column training = good().and(not(col(SELECTION)));
        int i = 0;
        for (String name : columns.numeric()) {
            Column number = expr(ColumnSql.number(name, config.missing()));
            counts.add(countWhere(training.and(number.isNotNull()).and(not(functions.isnan(number)))).as("n" + i++));
        }
        return struct(counts.toArray(Column[]::new));
    }

    private void checkNumericPresence(InputColumns columns, Row counts) {
        for (int i = 0; i < columns.numeric().size(); i++) {
            if (counts.<Long>getAs("n" + i) == 0) {
                String name = columns.numeric().get(i);
                throw new UserError("numeric column '" + name + "' has no value in any row of the training split of input "
                        + config.input().path() + ", so it cannot be imputed; leave it out with features.exclude");
            }
        }
    }

    private void checkBadRows(Dataset<Row> annotated, long read, long bad, Row first) {
        Map<String, Object> badRows = new LinkedHashMap<>();
        badRows.put("policy", config.input().badRows().configName());
        badRows.put("count", bad);
        if (bad == 0) {
            badRows.put("examples", List.of());
            run.put("bad_rows", badRows);
            return;
        }
        if (config.input().badRows() == InputConfig.BadRows.FAIL) {
            String where = first.getString(0) + " at row " + first.getLong(3) + " of " + first.getString(2);
            throw new UserError(first.isNullAt(1)
                    ? where + "; " + bad + " bad row" + (bad == 1 ? "" : "s") + " in input " + config.input().path()
                            + " (input.bad_rows: fail; set input.bad_rows: skip to count and skip them)"
                    : where + "; " + first.getString(1));
        }
        List<Map<String, Object>> examples = new ArrayList<>();
        if (config.input().badRowExamples() > 0) {
            Column record = coalesce(col(TabularInput.CORRUPT_COLUMN), functions.concat_ws(",", rawColumnsAsText(annotated)));
            for (Row row : annotated.filter(col(PROBLEM).isNotNull())
                    .orderBy(RowPositions.POSITION).limit(config.input().badRowExamples())
                    .select(col(PROBLEM + ".reason"), col(TabularInput.FILE_COLUMN), col(RowPositions.FILE_ROW), record)
                    .collectAsList()) {
                Map<String, Object> example = new LinkedHashMap<>();
                example.put("reason", row.getString(0));
                example.put("file", row.getString(1));
                example.put("row", row.getLong(2));
                example.put("record", row.getString(3));
                examples.add(example);
            }
        }
        badRows.put("examples", examples);
        run.put("bad_rows", badRows);
        run.warn(bad + " bad row" + (bad == 1 ? "" : "s") + " of " + read + " skipped (input.bad_rows: skip); examples in run.json");
    }

    private static Column[] rawColumnsAsText(Dataset<Row> annotated) {
        List<Column> text = new ArrayList<>();
        for (String name : annotated.columns()) {
            if (!name.startsWith(INTERNAL_PREFIX) && !name.startsWith("_rashomon_")) {
                text.add(coalesce(col(ColumnSql.quote(name)).cast("string"), lit("")));
            }
        }
        return text.toArray(Column[]::new);
    }

    private void checkUniqueRowIds(Dataset<Row> annotated) {
        String name = config.ensemble().rowId();
        List<Row> duplicates = annotated.filter(good()).groupBy(col(ROW_ID))
                .agg(count(lit(1)).as("rows"), functions.min(col(RowPositions.FILE_ROW)).as("first"),
                        functions.min_by(col(TabularInput.FILE_COLUMN), col(RowPositions.POSITION)).as("file"))
                .filter(col("rows").gt(1)).orderBy(col(ROW_ID)).limit(1).collectAsList();
        if (!duplicates.isEmpty()) {
            Row duplicate = duplicates.get(0);
            throw new UserError("ensemble.row_id column '" + name + "' holds " + duplicate.getLong(0) + " in "
                    + duplicate.getLong(1) + " rows (first at row " + duplicate.getLong(2) + " of " + duplicate.getString(3)
                    + "); row ids must be unique");
        }
    }

    private void checkClasses(Counts counts, long positives) {
        long read = counts.read();
        long bad = counts.bad();
        long training = counts.training();
        long trainingPositives = counts.trainingPositives();
        long selection = counts.selection();
        String input = "input " + config.input().path();
        if (training + selection == 0) {
            throw new UserError(input + " has no data rows" + (read > 0 ? " left (read " + read + ", bad " + bad + ")" : ""));
        }
        if (training == 0) {
            throw new UserError("the training split of " + input + " is empty (" + selection + " rows, all in the selection "
                    + "split); lower ensemble.selection_fraction");
        }
        if (selection == 0) {
            throw new UserError("the selection split of " + input + " is empty (" + training + " rows); raise "
                    + "ensemble.selection_fraction");
        }
        if (trainingPositives == 0 || trainingPositives == training) {
            String positive = config.ensemble().positiveClass();
            String cause = positive != null && positives == 0 ? "; ensemble.positive_class '" + positive + "' matches no row"
                    : "";
            throw new UserError("label column '" + config.label().column() + "' has a single class in the training split of "
                    + input + " (all " + training + " rows are " + (trainingPositives == 0 ? 0 : 1) + ")" + cause
                    + "; a classifier needs both");
        }
    }

    private void recordRows(Counts counts) {
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("read", counts.read());
        rows.put("bad", counts.bad());
        rows.put("used", counts.used());
        rows.put("training", counts.training());
        rows.put("training_positives", counts.trainingPositives());
        rows.put("selection", counts.selection());
        rows.put("selection_positives", counts.selectionPositives());
        run.put("rows", rows);
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("selection_fraction", config.ensemble().selectionFraction());
        split.put("seed", config.ensemble().splitSeed());
        split.put("rule", "selection when SplitMix64(row_id XOR key(seed)) / 2^64 < selection_fraction");
        split.put("row_id", config.ensemble().rowId() == null ? "position in input order (files by path, rows in file order)"
                : "column '" + config.ensemble().rowId() + "'");
        run.put("split", split);
        Map<String, Object> label = new LinkedHashMap<>();
        label.put("column", config.label().column());
        if (config.ensemble().positiveClass() != null) {
            label.put("rule", "1 when the value is '" + config.ensemble().positiveClass() + "', else 0");
        } else if (config.label().threshold() != null) {
            label.put("rule", "1 when the value >= " + config.label().threshold() + ", else 0");
        } else {
            label.put("rule", "the values 0 and 1 as they are");
        }
        run.put("label", label);
    }

    private void describeInput(TabularInput input, InputColumns columns) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("path", config.input().path());
        profile.put("format", config.input().format().configName());
        profile.put("files", input.files().size());
        profile.put("partitions", input.rows().rdd().getNumPartitions());
        profile.put("numeric_features", columns.numeric());
        profile.put("categorical_features", columns.categorical());
        profile.put("keep_columns", columns.keep());
        run.put("input", profile);
    }
}
