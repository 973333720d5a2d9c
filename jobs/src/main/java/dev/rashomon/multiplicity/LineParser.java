package dev.rashomon.multiplicity;

import dev.rashomon.io.Cells;
import dev.rashomon.io.TabularInput;
import dev.rashomon.run.UserError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reads the fields of one predictions row and checks them: the row id is present, the label is
 * 0/1 (binary) or a class index, every score is a probability, and a multiclass vector sums to 1.
 * Messages name the row and the model. Serializable: built on the driver, used in tasks.
 */
final class LineParser implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String where;
    private final double sumTolerance;
    private final int rowId;
    private final int label;
    private final int scores;
    private final int modelId;
    private final int score;
    private final int classIndex;
    private final int corrupt;
    private final int[] groups;
    private final String[] groupNames;
    private String[] modelNames;

    LineParser(Dataset<Row> rows, List<String> groupColumns, String where, boolean delimitedText, double sumTolerance) {
        List<String> columns = List.of(rows.columns());
        this.where = where;
        this.sumTolerance = sumTolerance;
        this.rowId = columns.indexOf(PredictionReader.ROW_ID);
        this.label = columns.indexOf(PredictionReader.LABEL);
        this.scores = columns.indexOf(PredictionReader.SCORES);
        this.modelId = columns.indexOf(PredictionReader.MODEL_ID);
        this.score = columns.indexOf(PredictionReader.SCORE);
        this.classIndex = columns.indexOf(PredictionReader.CLASS);
        this.corrupt = delimitedText ? columns.indexOf(TabularInput.CORRUPT_COLUMN) : -1;
        this.groups = groupColumns.stream().mapToInt(columns::indexOf).toArray();
        this.groupNames = groupColumns.toArray(String[]::new);
    }

    /** Names the wide layout's score positions in messages. */
    void modelNames(List<String> names) {
        this.modelNames = names == null ? null : names.toArray(String[]::new);
    }

    PoolRow wideRow(Row row, boolean multiclass, int expectedModels) {
        Object id = rowId(row);
        Object raw = row.get(scores);
        if (raw == null) {
            throw new UserError(where + ": row " + id + " has no scores");
        }
        if (!multiclass && raw instanceof scala.collection.Seq<?> seq) {
            // The common case, a numeric array: read it in place, without a boxed copy.
            checkWidth(seq.size(), expectedModels, id);
            double[] out = new double[seq.size()];
            for (int j = 0; j < out.length; j++) {
                out[j] = probability(seq.apply(j), id, j);
            }
            return new PoolRow(id, binaryLabel(row, id), groupKeys(row), out, 1);
        }
        List<?> values = raw instanceof String text ? parseList(text, id) : asList(raw);
        checkWidth(values.size(), expectedModels, id);
        if (!multiclass) {
            double[] out = new double[values.size()];
            for (int j = 0; j < out.length; j++) {
                out[j] = probability(values.get(j), id, j);
            }
            return new PoolRow(id, binaryLabel(row, id), groupKeys(row), out, 1);
        }
        int classes = -1;
        double[] out = null;
        for (int j = 0; j < values.size(); j++) {
            if (!(values.get(j) instanceof List<?>) && !(values.get(j) instanceof scala.collection.Seq<?>)) {
                throw new UserError(where + ": row " + id + " has '" + values.get(j) + "' from " + modelName(j)
                        + "; expected a list of class probabilities per model, like [[0.1, 0.9], [0.3, 0.7]]");
            }
            List<?> vector = values.get(j) instanceof List<?> list ? list : asList(values.get(j));
            if (classes < 0) {
                classes = vector.size();
                out = new double[values.size() * classes];
            } else if (vector.size() != classes) {
                throw new UserError(where + ": row " + id + " has " + classes + " class probabilities from "
                        + modelName(0) + " but " + vector.size() + " from " + modelName(j));
            }
            for (int k = 0; k < classes; k++) {
                out[j * classes + k] = probability(vector.get(k), id, j);
            }
            checkDistribution(out, j * classes, classes, sumTolerance, where, id, modelName(j));
        }
        int classLabel = classLabel(row, id);
        if (classLabel >= classes) {
            throw new UserError(where + ": row " + id + " has label " + classLabel + " but probabilities for classes 0.."
                    + (classes - 1) + " only");
        }
        return new PoolRow(id, classLabel, groupKeys(row), out == null ? new double[0] : out, Math.max(classes, 1));
    }

    /**
     * As {@link #wideRow} for binary scores that were read as a {@code double[]} already ({@link WideScoreRows}).
     *
     * @param scores the row's scores, or null when the row has none
     * @param nullScore the first position whose score is null, or -1
     */
    PoolRow wideRow(Row row, double[] scores, int nullScore, int expectedModels) {
        Object id = rowId(row);
        if (scores == null) {
            throw new UserError(where + ": row " + id + " has no scores");
        }
        checkWidth(scores.length, expectedModels, id);
        for (int j = 0; j < scores.length; j++) {
            double value = scores[j];
            if (j == nullScore || !(value >= 0 && value <= 1)) {
                probability(j == nullScore ? null : (Object) value, id, j);
            }
        }
        return new PoolRow(id, binaryLabel(row, id), groupKeys(row), scores, 1);
    }

    private void checkWidth(int scores, int expectedModels, Object id) {
        if (expectedModels >= 0 && scores != expectedModels) {
            throw new UserError(where + ": row " + id + " has " + scores + " scores; the losses name "
                    + expectedModels + " models (every row needs a score from every model)");
        }
    }

    PredictionReader.ScoreLine scoreLine(Row row, boolean multiclass) {
        Object id = rowId(row);
        Object model = row.get(modelId);
        if (model == null || model.toString().isEmpty()) {
            throw new UserError(where + ": row " + id + " has a line without a model_id");
        }
        String name = model.toString();
        Object raw = row.get(score);
        Double value = raw instanceof Double d ? d : raw == null ? null : number(raw);
        if (value == null || !(value >= 0 && value <= 1)) {
            checkProbability(value, raw, id, "'" + name + "'");
        }
        int k = 0;
        if (multiclass) {
            Double c = row.isNullAt(classIndex) ? null : number(row.get(classIndex));
            if (c == null || c < 0 || c != Math.rint(c)) {
                throw new UserError(where + ": row " + id + ", model '" + name + "' has class '" + row.get(classIndex)
                        + "'; classes are 0, 1, 2, …");
            }
            k = c.intValue();
        }
        int y = multiclass ? classLabel(row, id) : binaryLabel(row, id);
        return new PredictionReader.ScoreLine(id, name, k, value, y, groupKeys(row));
    }

    private Object rowId(Row row) {
        if (corrupt >= 0 && !row.isNullAt(corrupt)) {
            throw new UserError(where + ": a line cannot be parsed (its field count differs from the header): "
                    + row.getString(corrupt));
        }
        Object id = row.get(rowId);
        if (id == null) {
            throw new UserError(where + ": a row has no row_id");
        }
        return id;
    }

    private int binaryLabel(Row row, Object id) {
        Object raw = row.get(label);
        Double value = raw == null ? null : raw instanceof Boolean b ? (b ? 1.0 : 0.0) : number(raw);
        if (value == null || (value != 0.0 && value != 1.0)) {
            throw new UserError(where + ": row " + id + " has label '" + raw + "'; binary scores need labels 0 or 1");
        }
        return value.intValue();
    }

    private int classLabel(Row row, Object id) {
        Object raw = row.get(label);
        Double value = raw == null ? null : number(raw);
        if (value == null || value < 0 || value != Math.rint(value)) {
            throw new UserError(where + ": row " + id + " has label '" + raw + "'; multiclass labels are 0, 1, 2, …");
        }
        return value.intValue();
    }

    private String[] groupKeys(Row row) {
        String[] keys = new String[groups.length];
        for (int g = 0; g < groups.length; g++) {
            Object value = row.get(groups[g]);
            keys[g] = groupNames[g] + "=" + (value == null ? "" : value.toString());
        }
        return keys;
    }

    private double probability(Object raw, Object id, int position) {
        Double value = raw instanceof Double d ? d : raw == null ? null : number(raw);
        if (value == null || !(value >= 0 && value <= 1)) {
            // Named only on the way to an error: building the name for every score cost more than reading it.
            checkProbability(value, raw, id, modelName(position));
        }
        return value;
    }

    private void checkProbability(Double value, Object raw, Object id, String model) {
        if (value == null || value.isNaN()) {
            throw new UserError(where + ": model " + model + " scores row " + id + " with '" + raw
                    + "', not a number; scores are probabilities in [0, 1]");
        }
        if (value < 0 || value > 1) {
            throw new UserError(where + ": model " + model + " scores row " + id + " with " + raw
                    + ", outside [0, 1]");
        }
    }

    private String modelName(int position) {
        return modelNames != null && position < modelNames.length ? "'" + modelNames[position] + "'"
                : "at scores position " + position;
    }

    /** One model's class probabilities for a row must sum to 1 within {@code tolerance} (predictions.sum_tolerance). */
    static void checkDistribution(double[] scores, int from, int classes, double tolerance, String where, Object id,
                                  String model) {
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            sum += scores[from + k];
        }
        if (!(Math.abs(sum - 1) <= tolerance)) {
            throw new UserError(where + ": the class probabilities of model " + model + " for row " + id + " sum to "
                    + sum + ", not 1 (within predictions.sum_tolerance = " + tolerance + ")");
        }
    }

    private List<?> parseList(String text, Object id) {
        String trimmed = text.trim();
        try {
            return (List<?>) new ListText(trimmed).value();
        } catch (RuntimeException e) {
            throw new UserError(where + ": row " + id + " has scores '" + trimmed + "'; expected a list like [0.2, 0.7]"
                    + " (or [[0.1, 0.9], [0.3, 0.7]] for class probabilities)");
        }
    }

    private static List<?> asList(Object raw) {
        if (raw instanceof scala.collection.Seq<?> seq) {
            List<Object> out = new ArrayList<>();
            scala.collection.Iterator<?> it = seq.iterator();
            while (it.hasNext()) {
                Object next = it.next();
                out.add(next instanceof scala.collection.Seq<?> ? asList(next) : next);
            }
            return out;
        }
        if (raw instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException("not a list: " + raw);
    }

    /** A number from a numeric or text cell, or null. */
    static Double number(Object raw) {
        return Cells.number(raw);
    }

    /** A bracketed, comma-separated list of numbers or of such lists, as CSV holds an array. */
    private static final class ListText {
        private final String text;
        private int at;

        ListText(String text) {
            this.text = text;
        }

        Object value() {
            Object value = next();
            skipSpaces();
            if (at != text.length()) {
                throw new IllegalArgumentException("trailing text");
            }
            return value;
        }

        private Object next() {
            skipSpaces();
            if (text.charAt(at) != '[') {
                int start = at;
                while (at < text.length() && ",]".indexOf(text.charAt(at)) < 0) {
                    at++;
                }
                return text.substring(start, at).trim();
            }
            at++;
            List<Object> items = new ArrayList<>();
            skipSpaces();
            if (text.charAt(at) == ']') {
                at++;
                return items;
            }
            while (true) {
                items.add(next());
                skipSpaces();
                char c = text.charAt(at++);
                if (c == ']') {
                    return items;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or ]");
                }
            }
        }

        private void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
