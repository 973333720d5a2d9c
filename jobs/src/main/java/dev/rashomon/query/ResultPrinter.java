package dev.rashomon.query;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Prints a query's result: {@code table} (aligned like Spark's show, never truncated; numbers
 * right-aligned, NULL for null), {@code csv} (a header line, RFC 4180 quoting, null as an empty
 * field and the empty string as {@code ""}) or {@code json} (one object per line, nulls kept).
 * Values are formatted by Spark's own cast to string (and to_json), so they read as Spark prints them.
 */
public final class ResultPrinter {
    private ResultPrinter() {
    }

    /**
     * @param limit the most rows to print, or null for all; the table format says on {@code err}
     *              when rows were left out
     */
    public static void print(Dataset<Row> result, SqlArguments.Format format, Integer limit, PrintStream out,
                             PrintStream err) {
        String[] names = result.columns();
        switch (format) {
            case TABLE -> table(result, names, limit, out, err);
            case CSV -> csv(result, names, limit, out);
            case JSON -> json(result, limit, out);
        }
        out.flush();
    }

    private static void table(Dataset<Row> result, String[] names, Integer limit, PrintStream out, PrintStream err) {
        List<Row> rows = asText(result, names, limit == null ? null : limit + 1).collectAsList();
        boolean more = limit != null && rows.size() > limit;
        if (more) {
            rows = rows.subList(0, limit);
        }
        StructField[] fields = result.schema().fields();
        int[] widths = new int[names.length];
        for (int c = 0; c < names.length; c++) {
            widths[c] = names[c].length();
            for (Row row : rows) {
                widths[c] = Math.max(widths[c], cell(row, c).length());
            }
        }
        String rule = rule(widths);
        out.println(rule);
        out.println(line(names, widths, new boolean[names.length]));
        out.println(rule);
        boolean[] right = new boolean[names.length];
        for (int c = 0; c < names.length; c++) {
            right[c] = fields[c].dataType() instanceof NumericType;
        }
        for (Row row : rows) {
            String[] cells = new String[names.length];
            for (int c = 0; c < names.length; c++) {
                cells[c] = cell(row, c);
            }
            out.println(line(cells, widths, right));
        }
        out.println(rule);
        if (more) {
            err.println("only the first " + limit + " rows are shown; --limit N shows more, --format csv or json all");
        }
    }

    private static void csv(Dataset<Row> result, String[] names, Integer limit, PrintStream out) {
        List<String> header = new ArrayList<>();
        for (String name : names) {
            header.add(csvField(name));
        }
        out.println(String.join(",", header));
        Iterator<Row> rows = asText(result, names, limit).toLocalIterator();
        while (rows.hasNext()) {
            Row row = rows.next();
            List<String> fields = new ArrayList<>(names.length);
            for (int c = 0; c < names.length; c++) {
                fields.add(row.isNullAt(c) ? "" : csvField(row.getString(c)));
            }
            out.println(String.join(",", fields));
        }
    }

    private static void json(Dataset<Row> result, Integer limit, PrintStream out) {
        Column object = functions.to_json(functions.struct(functions.col("*")), Map.of("ignoreNullFields", "false"));
        Dataset<Row> lines = result.select(object);
        Iterator<Row> rows = (limit == null ? lines : lines.limit(limit)).toLocalIterator();
        while (rows.hasNext()) {
            out.println(rows.next().getString(0));
        }
    }

    /** Every column as Spark's text of it; positional names, since a result may repeat a column name. */
    private static Dataset<Row> asText(Dataset<Row> result, String[] names, Integer limit) {
        String[] positional = new String[names.length];
        Column[] text = new Column[names.length];
        for (int c = 0; c < names.length; c++) {
            positional[c] = "c" + c;
            text[c] = functions.col(positional[c]).cast("string");
        }
        Dataset<Row> cells = result.toDF(positional).select(text);
        return limit == null ? cells : cells.limit(limit);
    }

    private static String cell(Row row, int column) {
        return row.isNullAt(column) ? "NULL" : row.getString(column);
    }

    private static String rule(int[] widths) {
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width)).append('+');
        }
        return rule.toString();
    }

    private static String line(String[] cells, int[] widths, boolean[] right) {
        StringBuilder line = new StringBuilder("|");
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(widths[c] - cells[c].length());
            line.append(right[c] ? pad + cells[c] : cells[c] + pad).append('|');
        }
        return line.toString();
    }

    /** RFC 4180: a field with a comma, quote or line break, or an empty one, is quoted; quotes doubled. */
    static String csvField(String value) {
        if (value.isEmpty() || value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
