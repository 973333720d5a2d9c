package dev.rashomon.multiplicity;

import dev.rashomon.config.InputConfig;
import dev.rashomon.io.InputReader;
import dev.rashomon.io.TabularInput;
import dev.rashomon.run.FirstBadRow;
import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Reads a pool's predictions, wide or long, into one {@link PoolRow} per evaluation row, checking
 * every score, label and (row, model) pair on the way, and reads or computes the selection losses
 * that define the {@link Pool}. The predictions are scanned once: wide rows are persisted only when a pass
 * must come before the measure pass (computed losses, multiclass) or after it (per_row), else the measure pass
 * reads them as it goes; long rows are grouped by a shuffle and persisted.
 */
final class PredictionReader {
    static final String ROW_ID = "row_id";
    static final String LABEL = "label";
    static final String SCORES = "scores";
    static final String MODEL_ID = "model_id";
    static final String SCORE = "score";
    static final String CLASS = "class";
    static final String LOSS = "loss";
    static final String SCORE_INDEX = "score_index";
    private static final String GROUP_KEY = "_rashomon_group_key";

    /**
     * What was read: the rows, the pool, the number of classes (1 = binary), the row id's type, and whether the
     * measure pass must check that each row_id appears once (wide rows; long lines are grouped by it).
     */
    record Result(JavaRDD<PoolRow> rows, Pool pool, int classes, DataType rowIdType, String lossSource,
                  boolean checkUniqueRowIds) {
    }

    private final SparkSession spark;
    private final MultiplicityConfig config;
    private final String where;

    PredictionReader(SparkSession spark, MultiplicityConfig config) {
        this.spark = spark;
        this.config = config;
        this.where = "predictions " + config.predictions().path();
    }

    Result read() {
        TabularInput input = InputReader.open(spark, config.predictions().asInput());
        Dataset<Row> rows = withGroups(input.rows());
        List<String> columns = List.of(rows.columns());
        boolean wide = config.predictions().layout() == MultiplicityConfig.Predictions.Layout.WIDE;
        List<String> required = wide ? List.of(ROW_ID, LABEL, SCORES) : List.of(ROW_ID, MODEL_ID, SCORE, LABEL);
        for (String column : required) {
            if (!columns.contains(column)) {
                throw new UserError(where + " has no column '" + column + "' (layout " + config.predictions().layout()
                        .configName() + " needs " + String.join(", ", required) + "; columns: "
                        + String.join(", ", input.dataSchema().fieldNames()) + ")");
            }
        }
        DataType rowIdType = rows.schema().apply(ROW_ID).dataType();
        LinkedHashMap<String, Double> losses = config.losses().given() ? readLosses() : null;
        LineParser parser = new LineParser(rows, config.multiplicity().groups(), where, input.isDelimitedText(),
                config.predictions().sumTolerance());
        return wide ? readWide(rows, parser, losses, rowIdType) : readLong(rows, parser, losses, rowIdType);
    }

    private Result readWide(Dataset<Row> rows, LineParser parser, LinkedHashMap<String, Double> losses, DataType rowIdType) {
        DataType scoresType = rows.schema().apply(SCORES).dataType();
        boolean multiclass = multiclassWide(rows, scoresType);
        int expectedModels = losses == null ? -1 : losses.size();
        parser.modelNames(losses == null ? null : new ArrayList<>(losses.keySet()));
        JavaRDD<PoolRow> parsed = !multiclass && WideScoreRows.applies(scoresType)
                ? WideScoreRows.read(rows, parser, expectedModels)
                : rows.javaRDD().map(row -> parser.wideRow(row, multiclass, expectedModels));
        boolean passBefore = losses == null || multiclass;
        JavaRDD<PoolRow> poolRows = passBefore || config.multiplicity().perRow()
                ? parsed.persist(StorageLevel.MEMORY_AND_DISK()) : parsed;
        if (losses == null) {
            int models = checkedWidth(poolRows);
            Map<Integer, Double> computed = ComputedLosses.byPosition(poolRows, models);
            losses = new LinkedHashMap<>();
            for (int j = 0; j < models; j++) {
                losses.put("model_" + j, computed.get(j));
            }
        }
        Pool pool = Pool.of(losses, config.multiplicity().setRule(), lossSource());
        return new Result(poolRows, pool, classes(poolRows, multiclass), rowIdType, lossSource(), true);
    }

    private Result readLong(Dataset<Row> rows, LineParser parser, LinkedHashMap<String, Double> losses, DataType rowIdType) {
        boolean multiclass = List.of(rows.columns()).contains(CLASS);
        JavaRDD<ScoreLine> lines = rows.javaRDD().map(row -> parser.scoreLine(row, multiclass));
        if (losses == null) {
            lines = lines.persist(StorageLevel.MEMORY_AND_DISK());
            losses = new LinkedHashMap<>();
            Map<String, Double> computed = ComputedLosses.byModel(lines, multiclass);
            for (String model : computed.keySet().stream().sorted().toList()) {
                losses.put(model, computed.get(model));
            }
        }
        Pool pool = Pool.of(losses, config.multiplicity().setRule(), lossSource());
        String whereLosses = lossSource();
        String source = where;
        double tolerance = config.predictions().sumTolerance();
        String modelsNamedIn = config.losses().given() ? " (a model of " + whereLosses + ")" : "";
        JavaPairRDD<Object, RowLines> byRow = lines.mapToPair(line -> new Tuple2<>(line.rowId(), line)).combineByKey(
                line -> RowLines.of(line, pool, multiclass, source, whereLosses),
                (row, line) -> row.add(line, pool, source, whereLosses), (a, b) -> a.merge(b, source));
        JavaRDD<PoolRow> poolRows = byRow.map(group -> group._2().assemble(pool, source, modelsNamedIn, tolerance))
                .persist(StorageLevel.MEMORY_AND_DISK());
        int classes = classes(poolRows, multiclass);
        lines.unpersist(false);
        return new Result(poolRows, pool, classes, rowIdType, lossSource(), false);
    }

    /**
     * On the way to an error only: runs every row's checks again and returns the refused row with the smallest
     * row_id ({@link FirstBadRow}), or null when no single row is at fault. Long lines are checked in (model, class)
     * order within their row, so the message does not depend on the order lines arrive in either.
     */
    FirstBadRow.Problem firstBadRow() {
        TabularInput input = InputReader.open(spark, config.predictions().asInput());
        Dataset<Row> rows = withGroups(input.rows());
        List<String> columns = List.of(rows.columns());
        int idColumn = columns.indexOf(ROW_ID);
        LinkedHashMap<String, Double> losses = config.losses().given() ? readLosses() : null;
        LineParser parser = new LineParser(rows, config.multiplicity().groups(), where, input.isDelimitedText(),
                config.predictions().sumTolerance());
        if (config.predictions().layout() == MultiplicityConfig.Predictions.Layout.WIDE) {
            boolean multiclass = multiclassWide(rows, rows.schema().apply(SCORES).dataType());
            int expectedModels = losses == null ? -1 : losses.size();
            parser.modelNames(losses == null ? null : new ArrayList<>(losses.keySet()));
            return FirstBadRow.smallest(rows.javaRDD().flatMap(row -> FirstBadRow.problemsOf(row.get(idColumn),
                    () -> parser.wideRow(row, multiclass, expectedModels))));
        }
        boolean multiclass = columns.contains(CLASS);
        JavaRDD<Object> checked = rows.javaRDD().map(row -> checkedLine(parser, row, multiclass, idColumn))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            JavaRDD<FirstBadRow.Problem> lineProblems = checked.filter(o -> o instanceof FirstBadRow.Problem)
                    .map(o -> (FirstBadRow.Problem) o);
            JavaRDD<ScoreLine> lines = checked.filter(o -> o instanceof ScoreLine).map(o -> (ScoreLine) o);
            LinkedHashMap<String, Double> models = losses;
            if (models == null) {
                models = new LinkedHashMap<>();
                for (String model : lines.map(ScoreLine::modelId).distinct().collect().stream().sorted().toList()) {
                    models.put(model, 0.0);
                }
            }
            if (models.isEmpty()) {
                return FirstBadRow.smallest(lineProblems);
            }
            // Only membership and names matter here, so any reference will do.
            Pool pool = Pool.of(models, new RashomonSet.Rule(List.of(0.0), RashomonSet.EpsilonMode.ABSOLUTE, false,
                    "best", false, "multiplicity"), lossSource());
            String source = where;
            String whereLosses = lossSource();
            double tolerance = config.predictions().sumTolerance();
            String modelsNamedIn = config.losses().given() ? " (a model of " + whereLosses + ")" : "";
            JavaRDD<FirstBadRow.Problem> rowProblems = lines.mapToPair(line -> new Tuple2<>(line.rowId(), line))
                    .groupByKey().flatMap(row -> FirstBadRow.problemsOf(row._1(), () -> {
                        List<ScoreLine> sorted = new ArrayList<>();
                        row._2().forEach(sorted::add);
                        sorted.sort(java.util.Comparator.comparing(ScoreLine::modelId)
                                .thenComparingInt(ScoreLine::classIndex).thenComparingDouble(ScoreLine::score));
                        RowLines gathered = RowLines.of(sorted.get(0), pool, multiclass, source, whereLosses);
                        for (ScoreLine line : sorted.subList(1, sorted.size())) {
                            gathered.add(line, pool, source, whereLosses);
                        }
                        gathered.assemble(pool, source, modelsNamedIn, tolerance);
                    }));
            return FirstBadRow.smallest(lineProblems.union(rowProblems));
        } finally {
            checked.unpersist(false);
        }
    }

    /**
     * Whether wide scores are per-model class probabilities: an array of arrays, or in text formats a list of lists
     * like [[0.1, 0.9], [0.3, 0.7]], told by the first row that has scores (a one-row read).
     */
    private static boolean multiclassWide(Dataset<Row> rows, DataType scoresType) {
        if (scoresType instanceof ArrayType array) {
            return array.elementType() instanceof ArrayType;
        }
        if (!scoresType.equals(org.apache.spark.sql.types.DataTypes.StringType)) {
            return false;
        }
        List<Row> first = rows.select(SCORES).where(functions.col(SCORES).isNotNull()).limit(1).collectAsList();
        return !first.isEmpty() && first.get(0).getString(0).replace(" ", "").startsWith("[[");
    }

    /** A long line as a ScoreLine, or the Problem its checks raise. */
    private static Object checkedLine(LineParser parser, Row row, boolean multiclass, int idColumn) {
        try {
            return parser.scoreLine(row, multiclass);
        } catch (UserError e) {
            return new FirstBadRow.Problem(row.get(idColumn), e.getMessage());
        }
    }

    private String lossSource() {
        return config.losses().given() ? "losses " + config.losses().path() : "log-loss computed from " + where;
    }

    /** Every row must have the same number of scores; returns it. */
    private int checkedWidth(JavaRDD<PoolRow> rows) {
        // Only locals in the lambdas below: this reader is not serializable.
        record Width(int min, Object minRow, int max, Object maxRow) implements Serializable {
        }
        // Ties go to the smaller row_id, so the rows named do not depend on partitioning.
        Width width = rows.map(r -> new Width(r.scores().length / r.classes(), r.rowId(), r.scores().length / r.classes(),
                r.rowId())).reduce((a, b) -> {
                    boolean minA = a.min() < b.min() || (a.min() == b.min() && FirstBadRow.compareRowIds(a.minRow(), b.minRow()) <= 0);
                    boolean maxA = a.max() > b.max() || (a.max() == b.max() && FirstBadRow.compareRowIds(a.maxRow(), b.maxRow()) <= 0);
                    return new Width(minA ? a.min() : b.min(), minA ? a.minRow() : b.minRow(), maxA ? a.max() : b.max(),
                            maxA ? a.maxRow() : b.maxRow());
                });
        if (width.min() != width.max()) {
            throw new UserError(where + ": row " + width.minRow() + " has scores from " + width.min() + " models, row "
                    + width.maxRow() + " from " + width.max() + "; every row needs a score from every model");
        }
        return width.max();
    }

    /** 1 for binary scores; else the number of classes, the same for every row. */
    private int classes(JavaRDD<PoolRow> rows, boolean multiclass) {
        if (!multiclass) {
            return 1;
        }
        int most = rows.map(PoolRow::classes).reduce(Math::max);
        if (most < 2) {
            throw new UserError(where + ": multiclass scores need at least 2 classes, found " + most);
        }
        return most;
    }

    /** Group columns from the predictions, or joined from groups_from by row_id. */
    private Dataset<Row> withGroups(Dataset<Row> rows) {
        List<String> groups = config.multiplicity().groups();
        MultiplicityConfig.GroupsFrom from = config.multiplicity().groupsFrom();
        if (from == null) {
            for (String group : groups) {
                if (!List.of(rows.columns()).contains(group)) {
                    throw new UserError("multiplicity.groups names column '" + group + "', which is not a column of "
                            + where + " (set multiplicity.groups_from to join it from a dataset by row_id)");
                }
            }
            return rows;
        }
        Dataset<Row> groupRows = InputReader.open(spark, from.asInput()).rows();
        String source = "multiplicity.groups_from " + from.path();
        for (String column : concat(ROW_ID, groups)) {
            if (!List.of(groupRows.columns()).contains(column)) {
                throw new UserError(source + " has no column '" + column + "'");
            }
        }
        Dataset<Row> keyed = groupRows.select(concat(ROW_ID, groups).stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new))
                .withColumn(GROUP_KEY, functions.col(ROW_ID).cast("string")).drop(ROW_ID);
        Dataset<Row> base = rows;
        for (String group : groups) {
            base = base.drop(group);
        }
        List<Row> duplicate = keyed.groupBy(GROUP_KEY).count().where("count > 1").limit(1).collectAsList();
        if (!duplicate.isEmpty()) {
            throw new UserError(source + " has row_id " + duplicate.get(0).get(0) + " " + duplicate.get(0).get(1)
                    + " times; each row_id may have one set of groups");
        }
        return base.withColumn(GROUP_KEY, functions.col(ROW_ID).cast("string"))
                .join(keyed, scala.jdk.javaapi.CollectionConverters.asScala(List.of(GROUP_KEY)).toSeq(), "left")
                .drop(GROUP_KEY);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** model_id → loss, in the order of score_index when the losses have one, else in file order. */
    private LinkedHashMap<String, Double> readLosses() {
        InputConfig lossInput = config.losses().asInput();
        Dataset<Row> table = InputReader.open(spark, lossInput).rows();
        String source = "losses " + config.losses().path();
        for (String column : List.of(MODEL_ID, LOSS)) {
            if (!List.of(table.columns()).contains(column)) {
                throw new UserError(source + " has no column '" + column + "' (it needs model_id and loss; columns: "
                        + String.join(", ", table.columns()) + ")");
            }
        }
        boolean indexed = List.of(table.columns()).contains(SCORE_INDEX);
        List<Row> collected = (indexed ? table.select(MODEL_ID, LOSS, SCORE_INDEX) : table.select(MODEL_ID, LOSS))
                .collectAsList();
        List<Object[]> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < collected.size(); i++) {
            Row row = collected.get(i);
            String model = row.isNullAt(0) ? null : row.get(0).toString();
            if (model == null || model.isEmpty()) {
                throw new UserError(source + ": line " + (i + 1) + " has no model_id");
            }
            if (seen.put(model, i) != null) {
                throw new UserError(source + ": model '" + model + "' has two losses");
            }
            Double loss = row.isNullAt(1) ? null : LineParser.number(row.get(1));
            if (loss == null || !Double.isFinite(loss)) {
                throw new UserError(source + ": the loss of model '" + model + "' is '" + row.get(1)
                        + "', not a finite number");
            }
            Double index = indexed ? LineParser.number(row.get(2)) : Double.valueOf(i);
            if (index == null) {
                throw new UserError(source + ": the score_index of model '" + model + "' is '" + row.get(2) + "'");
            }
            entries.add(new Object[] {model, loss, index});
        }
        entries.sort((a, b) -> Double.compare((Double) a[2], (Double) b[2]));
        LinkedHashMap<String, Double> losses = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            if (indexed && ((Double) entries.get(i)[2]) != i) {
                throw new UserError(source + ": score_index must number the models 0.." + (entries.size() - 1)
                        + " once each; model '" + entries.get(i)[0] + "' has " + entries.get(i)[2]);
            }
            losses.put((String) entries.get(i)[0], (Double) entries.get(i)[1]);
        }
        return losses;
    }

    /** One line of the long layout. */
    record ScoreLine(Object rowId, String modelId, int classIndex, double score, int label, String[] groups)
            implements Serializable {
    }

    /**
     * The lines of one row of the long layout gathered so far, as primitive arrays: the combiner that groups lines
     * by row. Tasks combine the lines they hold before the shuffle, so it moves one compact record per row and
     * task instead of an object per (row, model). Checks that need only one line (a known model, the same label)
     * happen as lines arrive; {@link #assemble} checks the whole row.
     */
    static final class RowLines implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Object rowId;
        private final int label;
        private final String[] groups;
        private int size;
        private int[] models = new int[8];
        private int[] classIndexes;
        private double[] scores = new double[8];

        private RowLines(ScoreLine first, boolean multiclass) {
            this.rowId = first.rowId();
            this.label = first.label();
            this.groups = first.groups();
            this.classIndexes = multiclass ? new int[8] : null;
        }

        static RowLines of(ScoreLine line, Pool pool, boolean multiclass, String where, String whereLosses) {
            return new RowLines(line, multiclass).add(line, pool, where, whereLosses);
        }

        RowLines add(ScoreLine line, Pool pool, String where, String whereLosses) {
            int model = pool.indexOf(line.modelId());
            if (model < 0) {
                throw new UserError(where + ": model '" + line.modelId() + "' (row " + rowId + ") has no loss in "
                        + whereLosses);
            }
            checkLabel(line.label(), where);
            append(model, line.classIndex(), line.score());
            return this;
        }

        RowLines merge(RowLines other, String where) {
            checkLabel(other.label, where);
            for (int i = 0; i < other.size; i++) {
                append(other.models[i], other.classIndexes == null ? 0 : other.classIndexes[i], other.scores[i]);
            }
            return this;
        }

        private void checkLabel(int other, String where) {
            if (other != label) {
                throw new UserError(where + ": row " + rowId + " has label " + label + " in one line and " + other
                        + " in another");
            }
        }

        private void append(int model, int classIndex, double score) {
            if (size == models.length) {
                models = Arrays.copyOf(models, size * 2);
                scores = Arrays.copyOf(scores, size * 2);
                if (classIndexes != null) {
                    classIndexes = Arrays.copyOf(classIndexes, size * 2);
                }
            }
            models[size] = model;
            if (classIndexes != null) {
                classIndexes[size] = classIndex;
            }
            scores[size++] = score;
        }

        /** The row as a PoolRow: every (model, class) exactly once, class probabilities summing to 1. */
        /**
         * @param modelsNamedIn where the pool's model ids come from, for the message of a missing model ("" when from
         *     the predictions themselves)
         * @param tolerance how far class probabilities may sum from 1
         */
        PoolRow assemble(Pool pool, String where, String modelsNamedIn, double tolerance) {
            boolean multiclass = classIndexes != null;
            int poolSize = pool.size();
            int classes = 1;
            for (int i = 0; multiclass && i < size; i++) {
                classes = Math.max(classes, classIndexes[i] + 1);
            }
            double[] out = new double[poolSize * classes];
            Arrays.fill(out, Double.NaN);
            for (int i = 0; i < size; i++) {
                int slot = models[i] * classes + (multiclass ? classIndexes[i] : 0);
                if (!Double.isNaN(out[slot])) {
                    throw new UserError(where + ": row " + rowId + " has two scores from model '" + pool.modelId(models[i])
                            + "'" + (multiclass ? " for class " + classIndexes[i] : ""));
                }
                out[slot] = scores[i];
            }
            for (int model = 0; model < poolSize; model++) {
                for (int k = 0; k < classes; k++) {
                    if (Double.isNaN(out[model * classes + k])) {
                        throw new UserError(where + ": row " + rowId + " has no score from model '" + pool.modelId(model)
                                + "'" + (multiclass ? " for class " + k : "") + modelsNamedIn
                                + "; every row needs a score from every model");
                    }
                }
                if (multiclass) {
                    LineParser.checkDistribution(out, model * classes, classes, tolerance, where, rowId, "'" + pool.modelId(model) + "'");
                }
            }
            if (multiclass && label >= classes) {
                throw new UserError(where + ": row " + rowId + " has label " + label + " but scores for classes 0.."
                        + (classes - 1) + " only");
            }
            return new PoolRow(rowId, label, groups, out, classes);
        }
    }
}
