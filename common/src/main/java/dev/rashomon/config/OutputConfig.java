package dev.rashomon.config;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;
import static dev.rashomon.config.ConfigValues.orEmpty;
import static dev.rashomon.config.ConfigValues.require;

import java.util.Map;
import java.util.stream.Collectors;

/** Where and how a job writes its tables. */
public record OutputConfig(
        @Doc(value = "folder that receives one sub-folder per table, run.json and _SUCCESS; local, hdfs:// or s3a://",
                required = true) String path,
        @Doc("table file format") Format format,
        @Doc("partition of every table this run writes, e.g. {run_date: 2026-11-26} -> run_date=2026-11-26/; "
                + "a rerun of the same partition replaces it") Map<String, String> partition,
        Catalog catalog) {

    /** Table file formats. */
    public enum Format implements Choice {
        PARQUET, CSV, JSON
    }

    /** Registering the committed tables in the session's catalog (a Hive metastore on a cluster). */
    public record Catalog(
            @Doc("after a successful run, register every table as the external table <database>.<table> over its "
                    + "folder, partitioned by the keys of output.partition; the database is created if missing. "
                    + "Unset: nothing is registered")
            String database) {

        public boolean enabled() {
            return database != null;
        }
    }

    public OutputConfig {
        format = orDefault(format, Format.PARQUET);
        partition = orEmpty(partition);
        catalog = orDefault(catalog, new Catalog(null));
    }

    public OutputConfig(String path, Format format, Map<String, String> partition) {
        this(path, format, partition, null);
    }

    /**
     * The folder path of a partition, Hive-style: {@code {run_date: 2026-11-26}} is
     * {@code run_date=2026-11-26}, one folder level per key in order; "" without a partition.
     */
    public static String partitionPath(Map<String, String> partition) {
        return partition.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("/"));
    }

    public void validate() {
        require(path, "output.path");
        partition.forEach((key, value) -> {
            check(key.matches("[A-Za-z_][A-Za-z0-9_]*"), "output.partition",
                    "a mapping from column names (letters, digits, _) to values", "key '" + key + "'");
            check(value != null && !value.isEmpty() && !value.contains("/") && !value.contains("="),
                    "output.partition." + key, "a non-empty value without '/' or '='", "'" + value + "'");
        });
        if (catalog.enabled()) {
            check(catalog.database().matches("[A-Za-z_][A-Za-z0-9_]*"), "output.catalog.database",
                    "a database name (letters, digits, _)", "'" + catalog.database() + "'");
        }
    }
}
