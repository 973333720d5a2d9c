package dev.rashomon.query;

import dev.rashomon.run.UserError;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code submit/rashomon sql "<SQL>" --run FOLDER…}: every table of the given runs becomes a
 * temporary view named after its folder, the query runs in the session, and the result is printed.
 * Tables of the session catalog (output.catalog.database) can be queried alongside.
 */
public final class SqlCommand {
    public static final String NAME = "sql";
    /** Partition columns are text, as in the catalog tables; inferring dates or numbers from folder names would differ per value. */
    private static final String PARTITION_TYPES = "spark.sql.sources.partitionColumnTypeInference.enabled";

    private SqlCommand() {
    }

    public static String description() {
        return "query the tables of finished runs with Spark SQL";
    }

    public static String usage() {
        return "rashomon sql: " + description() + "\n\n"
                + "usage: submit/rashomon [spark-submit options] sql \"<SQL>\" --run FOLDER [--run name=FOLDER]...\n"
                + "                         [--partition column=value] [--format table|csv|json] [--limit N]\n\n"
                + "  \"<SQL>\"                  one Spark SQL query; every table of every run is a view named after its folder\n"
                + "  --run FOLDER             a run's output.path (it holds _SUCCESS, or its partitions do); repeatable\n"
                + "  --run name=FOLDER        the same, with views named name_<table> (two runs with the same tables)\n"
                + "  --partition column=value only this partition of every table, e.g. run_date=2026-11-26\n"
                + "  --format table|csv|json  aligned text (default), CSV with a header, or one JSON object per line\n"
                + "  --limit N                print at most N rows (default: " + SqlArguments.TABLE_LIMIT
                + " for table, all for csv and json)\n\n"
                + "Partition columns (e.g. run_date) are columns of the views, as text. Tables registered with\n"
                + "output.catalog.database are queryable as <database>.<table> in the same query.\n";
    }

    /** Registers the views, runs the query and prints its result; bad runs and bad SQL are {@link UserError}s. */
    public static void run(SparkSession spark, SqlArguments arguments, PrintStream out, PrintStream err) {
        Map<String, String> views = new LinkedHashMap<>();
        String partitionTypes = spark.conf().get(PARTITION_TYPES);
        spark.conf().set(PARTITION_TYPES, "false");
        try {
            for (SqlArguments.Run run : arguments.runs()) {
                RunTables tables = RunTables.discover(spark, run);
                if (arguments.partition() != null) {
                    tables.requirePartition(arguments.partition());
                }
                for (String table : tables.tables()) {
                    String view = run.viewName(table);
                    if (views.containsKey(view)) {
                        throw new UserError("two runs have a table " + view + ": " + views.get(view) + " and "
                                + run.path() + "; name them, e.g. --run a=" + views.get(view) + " --run b=" + run.path()
                                + " (views a_" + table + ", b_" + table + ")");
                    }
                    tables.read(table, arguments.partition()).createOrReplaceTempView(view);
                    views.put(view, run.path());
                }
            }
            ResultPrinter.print(query(spark, arguments.sql(), views), arguments.format(), arguments.limit(), out, err);
        } catch (RuntimeException e) {
            throw asUserError(e, views);
        } finally {
            views.keySet().forEach(view -> spark.catalog().dropTempView(view));
            spark.conf().set(PARTITION_TYPES, partitionTypes);
        }
    }

    private static Dataset<Row> query(SparkSession spark, String sql, Map<String, String> views) {
        try {
            return spark.sql(sql);
        } catch (Exception e) { // AnalysisException (ParseException too) is checked in Java's eyes, so it is caught here
            if (e instanceof AnalysisException) {
                throw new UserError(firstLine(e) + " (views: " + (views.isEmpty() ? "none" : String.join(", ", views.keySet()))
                        + ")", e);
            }
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }

    /**
     * An error the query raised while running (a cast of text that is no number, a division by
     * zero under ANSI SQL) is the query's fault, not the suite's; Spark's internal errors are not.
     */
    private static RuntimeException asUserError(RuntimeException e, Map<String, String> views) {
        if (UserError.findIn(e) != null) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SparkThrowable spark && spark.getCondition() != null
                    && !spark.getCondition().startsWith("INTERNAL_ERROR")) {
                return new UserError(firstLine(t), e);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e;
    }

    /** Spark's message, first non-blank line (a parse error starts with a line break). */
    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return message.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse(message).replaceAll(";$", "");
    }
}
