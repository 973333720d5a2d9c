package dev.rashomon.rashomon;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.rashomon.info.DecisionPatterns;
import dev.rashomon.io.Cells;
import dev.rashomon.io.InputReader;
import dev.rashomon.io.TabularInput;
import dev.rashomon.run.FirstBadRow;
import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Scores mode: reads each model's scores on the evaluation rows ({@code row_id, model_id, score,
 * label}) and on perturbed rows ({@code row_id, model_id, perturbation, score}), checks that every
 * model scores every row once under every perturbation, and sums the losses into a
 * {@link Reliance} by model id order.
 */
final class ScoresReader {
    static final String ROW_ID = "row_id";
    static final String MODEL_ID = "model_id";
    static final String SCORE = "score";
    static final String LABEL = "label";
    static final String PERTURBATION = "perturbation";
    /** Optional: a perturbed line's share of its row (marginal replacement: one line per value); 1 without it. */
    static final String WEIGHT = "weight";
    private static final String ROW_ID_FIELD = "line_row_id";
    private static final String MODEL_FIELD = "line_model";

    /** What was read: the models in pool order (sorted ids) and their reliance. */
    record Result(List<String> models, Reliance reliance) {
    }

    /** One checked line: the model's position, the row, a score and the row's label (or -1 when unknown). */
    record Line(String rowId, int model, String perturbation, double score, double weight, int label)
            implements Serializable {
        static final StructType SCHEMA = new StructType()
                .add(ROW_ID_FIELD, DataTypes.StringType, false)
                .add(MODEL_FIELD, DataTypes.IntegerType, false)
                .add(PERTURBATION, DataTypes.StringType, false)
                .add(SCORE, DataTypes.DoubleType, false)
                .add(WEIGHT, DataTypes.DoubleType, false)
                .add(LABEL, DataTypes.IntegerType, false);

        Row row() {
            return RowFactory.create(rowId, model, perturbation, score, weight, label);
        }

        static Line of(Row row) {
            return new Line(row.getString(0), row.getInt(1), row.getString(2), row.getDouble(3), row.getDouble(4),
                    row.getInt(5));
        }
    }

    private final SparkSession spark;
    private final RashomonConfig config;

    ScoresReader(SparkSession spark, RashomonConfig config) {
        this.spark = spark;
        this.config = config;
    }

    Result read() {
        String whereOriginal = "predictions " + config.predictions().path();
        String wherePerturbed = "perturbed " + config.perturbed().path();
        TabularInput originalInput = InputReader.open(spark, config.predictions().asInput());
        TabularInput perturbedInput = InputReader.open(spark, config.perturbed().asInput());
        Dataset<Row> original = checkedColumns(originalInput, whereOriginal, List.of(ROW_ID, MODEL_ID, SCORE, LABEL));
        Dataset<Row> perturbed = checkedColumns(perturbedInput, wherePerturbed,
                List.of(ROW_ID, MODEL_ID, PERTURBATION, SCORE));

        List<String> models = original.select(col(MODEL_ID).cast("string")).distinct().collectAsList().stream()
                .map(r -> r.isNullAt(0) ? null : r.getString(0)).sorted(ScoresReader::nullsFirst).toList();
        if (models.isEmpty()) {
            throw new UserError(whereOriginal + " has no lines");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int m = 0; m < models.size(); m++) {
            index.put(models.get(m), m);
        }
        LineChecks checks = new LineChecks(index, originalInput.isDelimitedText(), perturbedInput.isDelimitedText());
        JavaRDD<Line> originalLines = original.javaRDD().map(row -> checks.original(row, whereOriginal))
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Line> perturbedLines = perturbed.javaRDD().map(row -> checks.perturbed(row, wherePerturbed))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> originalTable = spark.createDataFrame(originalLines.map(Line::row), Line.SCHEMA);
            Dataset<Row> perturbedTable = spark.createDataFrame(perturbedLines.map(Line::row), Line.SCHEMA);
            Dataset<Row> rowIds = originalTable.select(ROW_ID_FIELD).distinct();
            long rows = rowIds.count();
            checkLabels(originalTable, whereOriginal);
            checkCoverage(originalTable, rowIds, rows, whereOriginal, models, null, false);
            List<String> perturbations = perturbedTable.select(PERTURBATION).distinct().collectAsList().stream()
                    .map(r -> r.getString(0)).sorted().toList();
            if (perturbations.isEmpty()) {
                throw new UserError(wherePerturbed + " has no lines");
            }
            checkKnownRows(originalTable, perturbedTable, wherePerturbed, whereOriginal);
            checkCoverage(perturbedTable, rowIds, rows, wherePerturbed, models, perturbations,
                    List.of(perturbed.columns()).contains(WEIGHT));
            Dataset<Row> labels = originalTable.select(ROW_ID_FIELD, LABEL).distinct();
            JavaRDD<Line> labelled = perturbedTable.drop(LABEL).join(labels, ROW_ID_FIELD)
                    .select(ROW_ID_FIELD, MODEL_FIELD, PERTURBATION, SCORE, WEIGHT, LABEL).javaRDD().map(Line::of);
            RelianceSums sums = sum(originalLines, labelled, models.size(), perturbations, rows);
            return new Result(models, Reliance.of(sums, perturbations));
        } finally {
            originalLines.unpersist(false);
            perturbedLines.unpersist(false);
        }
    }

    /**
     * On the way to an error only: every line's checks again, and the refused line with the smallest row_id
     * ({@link FirstBadRow}): the predictions' lines first, as the run reads them first, then the perturbed ones.
     */
    FirstBadRow.Problem firstBadLine() {
        String whereOriginal = "predictions " + config.predictions().path();
        String wherePerturbed = "perturbed " + config.perturbed().path();
        TabularInput originalInput = InputReader.open(spark, config.predictions().asInput());
        TabularInput perturbedInput = InputReader.open(spark, config.perturbed().asInput());
        Dataset<Row> original = checkedColumns(originalInput, whereOriginal, List.of(ROW_ID, MODEL_ID, SCORE, LABEL));
        Dataset<Row> perturbed = checkedColumns(perturbedInput, wherePerturbed,
                List.of(ROW_ID, MODEL_ID, PERTURBATION, SCORE));
        Map<String, Integer> index = new HashMap<>();
        for (Row model : original.select(col(MODEL_ID).cast("string")).distinct().collectAsList()) {
            if (!model.isNullAt(0)) {
                index.put(model.getString(0), 0);
            }
        }
        LineChecks checks = new LineChecks(index, originalInput.isDelimitedText(), perturbedInput.isDelimitedText());
        int originalId = original.schema().fieldIndex(ROW_ID);
        FirstBadRow.Problem first = FirstBadRow.smallest(original.javaRDD().flatMap(row ->
                FirstBadRow.problemsOf(row.get(originalId), () -> checks.original(row, whereOriginal))));
        if (first != null) {
            return first;
        }
        int perturbedId = perturbed.schema().fieldIndex(ROW_ID);
        return FirstBadRow.smallest(perturbed.javaRDD().flatMap(row ->
                FirstBadRow.problemsOf(row.get(perturbedId), () -> checks.perturbed(row, wherePerturbed))));
    }

    private RelianceSums sum(JavaRDD<Line> original, JavaRDD<Line> perturbed, int models, List<String> perturbations,
                             long rows) {
        Loss loss = config.rashomon().loss();
        double threshold = config.rashomon().threshold();
        Map<String, Integer> position = new HashMap<>();
        for (int p = 0; p < perturbations.size(); p++) {
            position.put(perturbations.get(p), p);
        }
        int count = perturbations.size();
        RelianceSums originalSums = original.aggregate(new RelianceSums(models, count), (sums, line) -> {
            sums.addOriginal(line.model(), DecisionPatterns.rowHash(line.rowId()), line.score(), line.label(), loss,
                    threshold);
            return sums;
        }, RelianceSums::merge);
        RelianceSums perturbedSums = perturbed.aggregate(new RelianceSums(models, count), (sums, line) -> {
            sums.addPerturbed(position.get(line.perturbation()), line.model(), line.weight(), line.score(), line.label(),
                    loss, threshold);
            return sums;
        }, RelianceSums::merge);
        RelianceSums all = originalSums.merge(perturbedSums);
        all.rows = rows;
        return all;
    }

    private static Dataset<Row> checkedColumns(TabularInput input, String where, List<String> required) {
        Dataset<Row> rows = input.rows();
        for (String column : required) {
            if (!List.of(rows.columns()).contains(column)) {
                throw new UserError(where + " has no column '" + column + "' (it needs " + String.join(", ", required)
                        + "; columns: " + String.join(", ", input.dataSchema().fieldNames()) + ")");
            }
        }
        return rows;
    }

    /** A row has one label: the same in every model's line. */
    private static void checkLabels(Dataset<Row> original, String where) {
        List<Row> mixed = original.groupBy(ROW_ID_FIELD).agg(min(LABEL), max(LABEL)).where(col("min(label)")
                .notEqual(col("max(label)"))).limit(1).collectAsList();
        if (!mixed.isEmpty()) {
            throw new UserError(where + ": row " + mixed.get(0).get(0) + " has label " + mixed.get(0).get(1)
                    + " in one line and " + mixed.get(0).get(2) + " in another");
        }
    }

    /**
     * Every model (under every perturbation) scores every one of the rows once; with weights, a row
     * may have several lines whose weights sum to 1. The first model (and perturbation) in sorted order that fails
     * is named, with the smallest row_id at fault (found by a query that runs only on the way to the error).
     */
    private static void checkCoverage(Dataset<Row> table, Dataset<Row> rowIds, long rows, String where,
                                      List<String> models, List<String> perturbations, boolean weighted) {
        RelationalGroupedDataset grouped = perturbations == null ? table.groupBy(MODEL_FIELD)
                : table.groupBy(MODEL_FIELD, PERTURBATION);
        List<Row> counts = new ArrayList<>(grouped.agg(count("*").as("lines"),
                countDistinct(ROW_ID_FIELD).as("distinct_rows"), functions.sum(WEIGHT).as("weights")).collectAsList());
        counts.sort(java.util.Comparator.comparingInt((Row r) -> r.getInt(0))
                .thenComparing(r -> perturbations == null ? "" : r.getString(1)));
        for (Row row : counts) {
            String model = models.get(row.getInt(0));
            String under = perturbations == null ? "" : " under perturbation '" + row.getString(1) + "'";
            Dataset<Row> lines = table.where(col(MODEL_FIELD).equalTo(row.getInt(0)));
            if (perturbations != null) {
                lines = lines.where(col(PERTURBATION).equalTo(row.getString(1)));
            }
            long lineCount = row.getLong(row.fieldIndex("lines"));
            long distinct = row.getLong(row.fieldIndex("distinct_rows"));
            double weights = row.getDouble(row.fieldIndex("weights"));
            if (weighted && Math.abs(weights - distinct) > 1e-9 * distinct) {
                throw new UserError(where + ": the weights of model '" + model + "'" + under + " sum to " + weights
                        + " over " + distinct + " rows; each row's weights must sum to 1");
            }
            if (!weighted && lineCount != distinct) {
                Row twice = lines.groupBy(ROW_ID_FIELD).count().where(col("count").gt(1)).orderBy(ROW_ID_FIELD).first();
                throw new UserError(where + ": model '" + model + "'" + under + " scores row " + twice.get(0) + " "
                        + twice.get(1) + " times; each (row_id, model_id" + (perturbations == null ? "" : ", perturbation")
                        + ") may appear once");
            }
            if (distinct != rows) {
                Dataset<Row> missing = rowIds.join(lines.select(ROW_ID_FIELD).distinct(), ROW_ID_FIELD, "left_anti");
                throw new UserError(where + ": model '" + model + "'" + under + " has no score for row "
                        + missing.orderBy(ROW_ID_FIELD).first().get(0) + " (it scores " + distinct + " of the " + rows
                        + " evaluation rows); every model must score every row");
            }
        }
        if (perturbations != null && counts.size() != (long) models.size() * perturbations.size()) {
            Map<String, List<String>> seen = new HashMap<>();
            for (Row row : counts) {
                seen.computeIfAbsent(row.getString(1), p -> new ArrayList<>()).add(models.get(row.getInt(0)));
            }
            for (String p : perturbations) {
                for (String model : models) {
                    if (!seen.get(p).contains(model)) {
                        throw new UserError(where + ": model '" + model + "' has no scores under perturbation '" + p
                                + "'; every model must be scored under every perturbation (common random numbers)");
                    }
                }
            }
        }
    }

    private static void checkKnownRows(Dataset<Row> original, Dataset<Row> perturbed, String wherePerturbed,
                                       String whereOriginal) {
        List<Row> unknown = perturbed.select(ROW_ID_FIELD).join(original.select(ROW_ID_FIELD).distinct(),
                perturbed.col(ROW_ID_FIELD).equalTo(original.col(ROW_ID_FIELD)), "left_anti").limit(1).collectAsList();
        if (!unknown.isEmpty()) {
            throw new UserError(wherePerturbed + ": row " + unknown.get(0).get(0) + " is not a row of " + whereOriginal);
        }
    }

    private static int nullsFirst(String a, String b) {
        return a == null ? (b == null ? 0 : -1) : b == null ? 1 : a.compareTo(b);
    }

    /** Checks the lines of both inputs. */
    private record LineChecks(Map<String, Integer> models, boolean originalText, boolean perturbedText)
            implements Serializable {

        Line original(Row row, String where) {
            String id = rowId(row, where, originalText);
            int model = model(row, where, id, true);
            double score = score(row, where, id);
            Object raw = row.get(row.fieldIndex(LABEL));
            Double label = raw instanceof Boolean b ? Double.valueOf(b ? 1 : 0) : Cells.number(raw);
            if (label == null || (label != 0.0 && label != 1.0)) {
                throw new UserError(where + ": row " + id + " has label '" + raw + "'; labels are 0 or 1");
            }
            return new Line(id, model, "", score, 1.0, label.intValue());
        }

        Line perturbed(Row row, String where) {
            String id = rowId(row, where, perturbedText);
            int model = model(row, where, id, false);
            Object perturbation = row.get(row.fieldIndex(PERTURBATION));
            if (perturbation == null || perturbation.toString().isBlank()) {
                throw new UserError(where + ": row " + id + ", model '" + row.get(row.fieldIndex(MODEL_ID))
                        + "' has no perturbation (a feature like x0, or a pair like x0|x1)");
            }
            String name = perturbation.toString();
            String[] pair = Reliance.pairOf(name);
            if (pair != null && (pair[0].isEmpty() || pair[1].isEmpty() || pair[1].contains(Reliance.PAIR))) {
                throw new UserError(where + ": perturbation '" + name + "' is neither a feature nor a pair a|b");
            }
            return new Line(id, model, name, score(row, where, id), weight(row, where, id), -1);
        }

        private static String rowId(Row row, String where, boolean text) {
            if (text && List.of(row.schema().fieldNames()).contains(TabularInput.CORRUPT_COLUMN)
                    && !row.isNullAt(row.fieldIndex(TabularInput.CORRUPT_COLUMN))) {
                throw new UserError(where + ": a line cannot be parsed (its field count differs from the header): "
                        + row.getString(row.fieldIndex(TabularInput.CORRUPT_COLUMN)));
            }
            Object id = row.get(row.fieldIndex(ROW_ID));
            if (id == null) {
                throw new UserError(where + ": a line has no row_id");
            }
            return id.toString();
        }

        private int model(Row row, String where, String id, boolean original) {
            Object raw = row.get(row.fieldIndex(MODEL_ID));
            Integer index = raw == null ? null : models.get(raw.toString());
            if (index == null) {
                throw new UserError(where + ": row " + id + (raw == null ? " has a line without a model_id"
                        : " is scored by model '" + raw + "', which has no scores on the rows as they are"));
            }
            return index;
        }

        private static double weight(Row row, String where, String id) {
            if (!List.of(row.schema().fieldNames()).contains(WEIGHT)) {
                return 1.0;
            }
            Object raw = row.get(row.fieldIndex(WEIGHT));
            Double value = Cells.number(raw);
            if (value == null || !(value > 0 && value <= 1)) {
                throw new UserError(where + ": row " + id + ", model '" + row.get(row.fieldIndex(MODEL_ID)) + "' has weight '"
                        + raw + "'; weights are shares of a row in (0, 1]");
            }
            return value;
        }

        private static double score(Row row, String where, String id) {
            Object raw = row.get(row.fieldIndex(SCORE));
            Double value = Cells.number(raw);
            if (value == null || value.isNaN() || value < 0 || value > 1) {
                throw new UserError(where + ": model '" + row.get(row.fieldIndex(MODEL_ID)) + "' scores row " + id
                        + " with '" + raw + "'; scores are probabilities of class 1 in [0, 1]");
            }
            return value;
        }
    }
}
