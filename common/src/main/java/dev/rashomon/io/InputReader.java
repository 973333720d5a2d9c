package dev.rashomon.io;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.rashomon.config.InputConfig;
import dev.rashomon.config.InputConfig.Format;
import dev.rashomon.run.UserError;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Opens an input for scanning. Nothing here reads the data itself: CSV/TSV headers are read from
 * the first file directly (so Spark runs no schema-inference job), Parquet/ORC schemas come from
 * their footers.
 */
public final class InputReader {
    /** Spark's default for the CSV option maxColumns. */
    static final int SPARK_MAX_COLUMNS = 20_480;

    private InputReader() {
    }

    public static TabularInput open(SparkSession spark, InputConfig input) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<Path> files = input.format() == Format.CSV_RAW
                ? List.of(InputFiles.csvRawFile(input.path(), conf))
                : InputFiles.list(input.path(), conf);
        List<String> names = files.stream().map(Path::toString).toList();
        String[] paths = names.toArray(String[]::new);
        Dataset<Row> rows;
        StructType schema;
        switch (input.format()) {
            case CSV, TSV, CSV_RAW -> {
                Map<String, String> options = delimitedTextOptions(input);
                schema = delimitedTextSchema(files.get(0), options, conf);
                rows = spark.read().options(options)
                        .schema(schema.add(TabularInput.CORRUPT_COLUMN, DataTypes.StringType))
                        .csv(paths);
            }
            case LIBSVM, VW -> {
                schema = new StructType();
                rows = spark.read().options(input.options()).text(paths);
            }
            case PARQUET, ORC, JSON -> {
                DataFrameReader reader = spark.read().options(input.options()).format(input.format().configName());
                try {
                    rows = reader.load(paths);
                } catch (Exception e) {
                    throw new UserError("input " + input.path() + " cannot be read as " + input.format().configName()
                            + ": " + firstLine(e.getMessage()), e);
                }
                schema = rows.schema();
                if (schema.fields().length == 0) {
                    throw new UserError("input " + input.path() + " has no columns (is it empty?)");
                }
            }
            default -> throw new UserError("input.format " + input.format().configName()
                    + " is read by outrank.mode: outrank-compat only");
        }
        rows = rows.withColumn(TabularInput.FILE_COLUMN, functions.input_file_name());
        return new TabularInput(rows, input.format(), names, schema);
    }

    private static Map<String, String> delimitedTextOptions(InputConfig input) {
        Map<String, String> options = new HashMap<>();
        options.put("header", "true");
        options.put("delimiter", input.format() == Format.TSV ? "\t" : ",");
        if (input.format() == Format.CSV_RAW) {
            options.put("encoding", "ISO-8859-1");
        }
        options.putAll(input.options());
        options.put("mode", "PERMISSIVE");
        options.put("columnNameOfCorruptRecord", TabularInput.CORRUPT_COLUMN);
        options.remove("inferSchema");
        return options;
    }

    /** Every column as text, named by the first line of the first file (or _c0, _c1, … without a header). */
    private static StructType delimitedTextSchema(Path first, Map<String, String> options, Configuration conf) {
        String line = InputFiles.firstLine(first, conf, java.nio.charset.Charset.forName(options.getOrDefault("encoding", "UTF-8")));
        if (line == null) {
            throw new UserError("input file " + first + " is empty: expected a header line");
        }
        String[] header = parseLine(line, options);
        String delimiter = options.getOrDefault("delimiter", options.getOrDefault("sep", ","));
        HeaderLine.check(first.toString(), line, header.length, delimiter.equals("\\t") ? "\t" : delimiter,
                "set options: {delimiter: '%s'} in the input's config section, e.g. input.options");
        int maxColumns = maxColumns(options);
        if (header.length > maxColumns) {
            throw new UserError(String.format("input file %s has %,d columns, more than Spark's CSV reader takes "
                    + "(input.options.maxColumns: %d); raise input.options.maxColumns, and --driver-memory with it: "
                    + "Spark plans every column in the driver", first, header.length, maxColumns));
        }
        boolean hasHeader = Boolean.parseBoolean(options.get("header"));
        StructType schema = new StructType();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.length; i++) {
            String name = hasHeader ? (header[i] == null ? "" : header[i].trim()) : "_c" + i;
            if (name.isEmpty()) {
                throw new UserError("input file " + first + ": header field " + (i + 1) + " is empty; every column needs a name");
            }
            if (!seen.add(name)) {
                throw new UserError("input file " + first + ": column '" + name + "' appears twice in the header");
            }
            schema = schema.add(new StructField(name, DataTypes.StringType, true, org.apache.spark.sql.types.Metadata.empty()));
        }
        return schema;
    }

    /**
     * Spark's CSV option maxColumns (default 20,480; option names ignore case). A wider file would
     * fail in a task; past it, planning 100,000 columns exhausted a 1 GiB driver.
     */
    private static int maxColumns(Map<String, String> options) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (option.getKey().equalsIgnoreCase("maxColumns")) {
                try {
                    return Integer.parseInt(option.getValue().trim());
                } catch (NumberFormatException e) {
                    throw new UserError("input.options." + option.getKey() + " must be a whole number, got '" + option.getValue() + "'");
                }
            }
        }
        return SPARK_MAX_COLUMNS;
    }

    /** Splits one delimited line with the reader's delimiter and quote. */
    public static String[] parseLine(String line, Map<String, String> options) {
        CsvParserSettings settings = new CsvParserSettings();
        String delimiter = options.getOrDefault("delimiter", options.getOrDefault("sep", ","));
        settings.getFormat().setDelimiter(delimiter.equals("\\t") ? "\t" : delimiter);
        settings.getFormat().setQuote(options.getOrDefault("quote", "\"").charAt(0));
        settings.getFormat().setLineSeparator("\n");
        settings.setMaxCharsPerColumn(-1);
        settings.setMaxColumns(1_000_000);
        String[] fields = new CsvParser(settings).parseLine(line);
        return fields == null ? new String[0] : fields;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
