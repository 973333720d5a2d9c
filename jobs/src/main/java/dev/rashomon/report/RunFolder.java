package dev.rashomon.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rashomon.config.ConfigLoader;
import dev.rashomon.config.OutputConfig;
import dev.rashomon.run.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One finished run of another job, as the report reads it: {@code <path>/P/_SUCCESS} must exist,
 * {@code <path>/P/run.json} says which job wrote it and in which table format, and each table is
 * read from {@code <path>/<table>/P} with Spark (so hdfs:// and s3a:// work too).
 */
final class RunFolder {
    private final SparkSession spark;
    private final String key;
    private final String job;
    private final String path;
    private final String partitionPath;
    private final FileSystem fs;
    private final Path root;
    private final JsonNode runJson;
    private final List<String> tablesRead = new ArrayList<>();

    private RunFolder(SparkSession spark, String key, String job, String path, String partitionPath, FileSystem fs, Path root,
                      JsonNode runJson) {
        this.spark = spark;
        this.key = key;
        this.job = job;
        this.path = path;
        this.partitionPath = partitionPath;
        this.fs = fs;
        this.root = root;
        this.runJson = runJson;
    }

    /**
     * Opens the run at {@code path} (named by config key {@code key}, written by job {@code job}) for
     * the partition; a folder without its _SUCCESS, or written by another job, is bad input.
     */
    static RunFolder open(SparkSession spark, String key, String job, String path, Map<String, String> partition) {
        String partitionPath = OutputConfig.partitionPath(partition);
        String where = partitionPath.isEmpty() ? "" : " for partition " + partitionPath;
        try {
            Path root = new Path(path);
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Path runFolder = partitionPath.isEmpty() ? root : new Path(root, partitionPath);
            if (!fs.exists(new Path(runFolder, "_SUCCESS"))) {
                throw new UserError("config key '" + key + "': " + path + " has no _SUCCESS" + where
                        + (fs.exists(root) ? "" : " (the folder does not exist)")
                        + "; expected the output.path of a finished " + job + " run");
            }
            JsonNode runJson;
            try (InputStream in = fs.open(new Path(runFolder, "run.json"))) {
                runJson = ConfigLoader.json().readTree(in);
            }
            String wrote = runJson.path("job").asText("");
            if (!wrote.equals(job)) {
                throw new UserError("config key '" + key + "': " + path + where + " was written by the " + wrote
                        + " job; expected the output.path of a " + job + " run");
            }
            return new RunFolder(spark, key, job, path, partitionPath, fs, fs.makeQualified(root), runJson);
        } catch (IOException e) {
            throw new UserError("config key '" + key + "': " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    String key() {
        return key;
    }

    String path() {
        return path;
    }

    JsonNode runJson() {
        return runJson;
    }

    /** Whether the run wrote {@code table} (for this partition). */
    boolean has(String table) {
        try {
            return fs.exists(tablePath(table));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A table every finished run of the job writes, read as {@link #read} does; without it the folder is not the
     * finished run its _SUCCESS claims.
     */
    Dataset<Row> readRequired(String table, String... columns) {
        if (!has(table)) {
            throw new UserError("config key '" + key + "': " + path + " has no " + table + " table (no " + tablePath(table)
                    + "); expected the output.path of a finished " + job + " run, which always writes it");
        }
        return read(table, columns);
    }

    /**
     * The table, read in the format the run wrote it in. It must have {@code columns}: a table of another schema
     * (another job's, or an older version's) is bad input, not a chart drawn from the wrong numbers.
     */
    Dataset<Row> read(String table, String... columns) {
        String location = tablePath(table).toString();
        String format = runJson.at("/config/output/format").asText("parquet");
        Dataset<Row> data;
        try {
            data = switch (format) {
                case "csv" -> spark.read().option("header", "true").option("inferSchema", "true").csv(location);
                case "json" -> spark.read().json(location);
                default -> spark.read().parquet(location);
            };
        } catch (Exception e) { // Spark's SparkException is checked in Java's eyes, yet thrown here
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new UserError("config key '" + key + "': table " + location + " cannot be read as " + format
                    + " (the output.format its run.json records): " + reason, e);
        }
        requireColumns(data, table, columns);
        if (!tablesRead.contains(table)) {
            tablesRead.add(table);
        }
        return data;
    }

    /** The table must have every one of {@code columns}. */
    void requireColumns(Dataset<Row> data, String table, String... columns) {
        for (String column : columns) {
            if (!hasColumn(data, column)) {
                throw new UserError("config key '" + key + "': table " + tablePath(table) + " has no column '" + column
                        + "'; expected a " + job + " run's " + table + " table with " + String.join(", ", columns)
                        + " (columns: " + String.join(", ", data.columns()) + ")");
            }
        }
    }

    /** What run.json records about this input: where, which partition, which run, which tables. */
    Map<String, Object> profile() {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("path", path);
        profile.put("partition", partitionPath);
        profile.put("run_id", runJson.path("run_id").asText(""));
        profile.put("tables_read", List.copyOf(tablesRead));
        return profile;
    }

    private Path tablePath(String table) {
        Path folder = new Path(root, table);
        return partitionPath.isEmpty() ? folder : new Path(folder, partitionPath);
    }

    /** A numeric cell as a double: NaN when null or not a number (CSV tables may hold text). */
    static double number(Row row, String column) {
        Object value = row.get(row.fieldIndex(column));
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    static String text(Row row, String column) {
        Object value = row.get(row.fieldIndex(column));
        return value == null ? "" : value.toString();
    }

    static boolean hasColumn(Dataset<Row> table, String column) {
        return List.of(table.columns()).contains(column);
    }
}
