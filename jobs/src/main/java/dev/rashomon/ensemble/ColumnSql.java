package dev.rashomon.ensemble;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL text of how a raw input column becomes a model input: a number (missing or not a
 * number → NULL) or a category (missing → NULL). One definition serves the row checks before
 * training and the SQLTransformer inside every saved pipeline, so a saved model reads raw rows
 * exactly as the job did.
 */
final class ColumnSql {
    private ColumnSql() {
    }

    /** A column name as a SQL identifier. */
    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A string literal. */
    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** TRUE when the cell holds no value: NULL, or its text is one of {@code missing}. */
    static String isMissing(String column, List<String> missing) {
        String quoted = quote(column);
        if (missing.isEmpty()) {
            return "(" + quoted + " IS NULL)";
        }
        return "(" + quoted + " IS NULL OR CAST(" + quoted + " AS STRING) IN ("
                + missing.stream().map(ColumnSql::literal).collect(Collectors.joining(", ")) + "))";
    }

    /** The cell as a DOUBLE; NULL when missing or not a number (NaN stays NaN: the imputer fills both). */
    static String number(String column, List<String> missing) {
        return "CASE WHEN " + isMissing(column, missing) + " THEN CAST(NULL AS DOUBLE) ELSE TRY_CAST("
                + quote(column) + " AS DOUBLE) END";
    }

    /** The cell as a category (its text); NULL when missing. */
    static String category(String column, List<String> missing) {
        return "CASE WHEN " + isMissing(column, missing) + " THEN CAST(NULL AS STRING) ELSE CAST("
                + quote(column) + " AS STRING) END";
    }
}
