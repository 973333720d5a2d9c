package dev.rashomon.io;

import dev.rashomon.config.InputConfig;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * An opened input: the rows as Spark will scan them, plus what is known about their layout
 * before any scan.
 *
 * @param rows the dataset; for dense formats the data columns, then {@link #FILE_COLUMN} and,
 *     for CSV/TSV, {@link #CORRUPT_COLUMN}; for sparse text formats the line in {@link #LINE_COLUMN}
 * @param format the input format
 * @param files the data files, sorted
 * @param dataSchema the data columns (for sparse formats: empty, features are found while scanning)
 */
public record TabularInput(Dataset<Row> rows, InputConfig.Format format, List<String> files, StructType dataSchema) {
    /** Name of the file a row came from (Spark's input_file_name()). */
    public static final String FILE_COLUMN = "_rashomon_file";
    /** Raw text of a CSV/TSV row that could not be parsed (Spark's PERMISSIVE mode). */
    public static final String CORRUPT_COLUMN = "_rashomon_corrupt_record";
    /** The text line, for LibSVM and VW input. */
    public static final String LINE_COLUMN = "value";

    public boolean isSparse() {
        return format == InputConfig.Format.LIBSVM || format == InputConfig.Format.VW;
    }

    /**
     * Whether Spark decodes this text input as UTF-8, replacing bytes it cannot decode with U+FFFD
     * (csv-raw is ISO-8859-1, which decodes every byte).
     */
    public boolean isDecodedAsUtf8(InputConfig config) {
        if (!isDelimitedText() || format == InputConfig.Format.CSV_RAW) {
            return false;
        }
        String encoding = config.options().getOrDefault("encoding", config.options().getOrDefault("charset", "UTF-8"));
        return encoding.replace("-", "").equalsIgnoreCase("UTF8");
    }

    public boolean isDelimitedText() {
        return format == InputConfig.Format.CSV || format == InputConfig.Format.TSV || format == InputConfig.Format.CSV_RAW;
    }
}
