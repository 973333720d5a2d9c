package dev.rashomon.query;

import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@code sql}: {@code "<SQL>" [--run [name=]FOLDER]… [--partition column=value]
 * [--format table|csv|json] [--limit N]}, checked before Spark starts.
 *
 * @param limit the most rows printed; null for all
 */
public record SqlArguments(String sql, List<Run> runs, Partition partition, Format format, Integer limit, boolean help) {
    /** The default row limit of the table format, which holds every row in memory to align the columns. */
    public static final int TABLE_LIMIT = 1000;

    /** A run's output folder; its views are named {@code <prefix>_<table>} when a prefix is given. */
    public record Run(String prefix, String path) {
        String viewName(String table) {
            return prefix == null ? table : prefix + "_" + table;
        }

        String describe() {
            return prefix == null ? path : prefix + "=" + path;
        }
    }

    /** One partition of every table: {@code run_date=2026-11-26}. */
    public record Partition(String column, String value) {
        @Override
        public String toString() {
            return column + "=" + value;
        }
    }

    /** How the result is printed. */
    public enum Format {
        TABLE, CSV, JSON
    }

    public static SqlArguments parse(List<String> args) {
        String sql = null;
        List<Run> runs = new ArrayList<>();
        Partition partition = null;
        Format format = Format.TABLE;
        Integer limit = null;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String option = arg.startsWith("--") && arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = option.equals(arg) ? null : arg.substring(arg.indexOf('=') + 1);
            switch (option) {
                case "--help", "-h" -> help = true;
                case "--run" -> runs.add(run(inline != null ? inline : value(args, ++i, arg)));
                case "--partition" -> partition = partition(inline != null ? inline : value(args, ++i, arg));
                case "--format" -> format = format(inline != null ? inline : value(args, ++i, arg));
                case "--limit" -> limit = limit(inline != null ? inline : value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("-") && !arg.contains(" ")) {
                        throw new UserError("unknown option " + arg + " (see submit/rashomon sql --help)");
                    }
                    if (sql != null) {
                        throw new UserError("one query only; quote it: submit/rashomon sql \"SELECT …\" --run FOLDER "
                                + "(unexpected '" + arg + "')");
                    }
                    sql = arg;
                }
            }
        }
        if (!help && (sql == null || sql.isBlank())) {
            throw new UserError("no query given: submit/rashomon sql \"SELECT …\" --run FOLDER");
        }
        Set<String> prefixes = new HashSet<>();
        for (Run run : runs) {
            if (run.prefix() != null && !prefixes.add(run.prefix())) {
                throw new UserError("--run name '" + run.prefix() + "' is given twice");
            }
        }
        if (limit == null && format == Format.TABLE) {
            limit = TABLE_LIMIT;
        }
        return new SqlArguments(sql, List.copyOf(runs), partition, format, limit, help);
    }

    /** {@code name=FOLDER} names the run when the part before '=' is an identifier; otherwise all of it is the folder. */
    private static Run run(String value) {
        int equals = value.indexOf('=');
        if (equals > 0 && value.substring(0, equals).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            String path = value.substring(equals + 1);
            if (path.isEmpty()) {
                throw new UserError("--run " + value + " names no folder");
            }
            return new Run(value.substring(0, equals), path);
        }
        return new Run(null, value);
    }

    private static Partition partition(String value) {
        int equals = value.indexOf('=');
        if (equals <= 0 || equals == value.length() - 1 || !value.substring(0, equals).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new UserError("--partition must be column=value, e.g. run_date=2026-11-26; got '" + value + "'");
        }
        return new Partition(value.substring(0, equals), value.substring(equals + 1));
    }

    private static Format format(String value) {
        try {
            return Format.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--format must be table, csv or json; got '" + value + "'");
        }
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit > 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the message below says what is expected
        }
        throw new UserError("--limit must be a positive integer; got '" + value + "'");
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new UserError(option + " needs a value");
        }
        return args.get(index);
    }
}
