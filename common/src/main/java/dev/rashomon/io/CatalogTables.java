package dev.rashomon.io;

import dev.rashomon.config.OutputConfig;
import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A run's tables registered in the session catalog as external tables {@code <database>.<table>}
 * over their folders ({@code output.catalog.database}). With Hive support the catalog is the
 * metastore, so other sessions (Spark SQL, Trino, a notebook) see the tables; without it, the
 * in-memory catalog holds them for this session only.
 *
 * <p>{@link #check} runs before the commit, so a table that cannot be registered fails the run
 * with nothing committed; {@link #register} runs after _SUCCESS, so a failed run registers nothing.
 * Partition columns are STRING, as their folder names are text.
 */
final class CatalogTables {
    private final SparkSession spark;
    private final OutputConfig config;

    CatalogTables(SparkSession spark, OutputConfig config) {
        this.spark = spark;
        this.config = config;
    }

    /** The catalog's name of each table. */
    Map<String, String> names(Iterable<String> tables) {
        Map<String, String> names = new LinkedHashMap<>();
        tables.forEach(table -> names.put(table, config.catalog().database() + "." + table));
        return names;
    }

    /** "hive" when the session keeps tables in a Hive metastore, "in-memory" otherwise. */
    String implementation() {
        return spark.sparkContext().conf().get("spark.sql.catalogImplementation", "in-memory");
    }

    /** Refuses a table that exists in the catalog with other columns or partition columns. */
    void check(Map<String, StructType> tables) {
        String database = config.catalog().database();
        if (!spark.catalog().databaseExists(database)) {
            return;
        }
        for (Map.Entry<String, StructType> table : tables.entrySet()) {
            if (!spark.catalog().tableExists(database, table.getKey())) {
                continue;
            }
            List<String> existing = existingColumns(database, table.getKey());
            List<String> expected = columns(table.getValue());
            if (!existing.equals(expected)) {
                throw new UserError("output.catalog.database: table " + database + "." + table.getKey()
                        + " exists with other columns (" + String.join(", ", existing) + "; this run writes "
                        + String.join(", ", expected) + "); drop it or register in another database");
            }
        }
    }

    private List<String> existingColumns(String database, String table) {
        try {
            return spark.catalog().listColumns(database, table).collectAsList().stream()
                    .map(c -> describe(c.name(), c.dataType(), c.isPartition())).toList();
        } catch (Exception e) { // AnalysisException, checked in Java's eyes
            throw new UserError("output.catalog.database: the columns of " + database + "." + table
                    + " cannot be read: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * Creates the database and each missing table, then adds this run's partition (a new table first
     * picks up the partitions already in its folder), and refreshes the session's file listings.
     */
    void register(Map<String, StructType> tables, Map<String, Path> tableFolders, Map<String, Path> partitionFolders) {
        String database = config.catalog().database();
        spark.sql("CREATE DATABASE IF NOT EXISTS " + quote(database));
        for (Map.Entry<String, StructType> table : tables.entrySet()) {
            String name = quote(database) + "." + quote(table.getKey());
            boolean created = !spark.catalog().tableExists(database, table.getKey());
            if (created) {
                spark.sql(createTable(name, table.getValue(), tableFolders.get(table.getKey())));
            }
            if (!config.partition().isEmpty()) {
                if (created) {
                    spark.sql("ALTER TABLE " + name + " RECOVER PARTITIONS");
                }
                String spec = config.partition().entrySet().stream()
                        .map(e -> quote(e.getKey()) + " = " + literal(e.getValue())).collect(Collectors.joining(", "));
                spark.sql("ALTER TABLE " + name + " ADD IF NOT EXISTS PARTITION (" + spec + ") LOCATION "
                        + literal(partitionFolders.get(table.getKey()).toString()));
            }
            spark.sql("REFRESH TABLE " + name);
        }
    }

    private String createTable(String name, StructType schema, Path folder) {
        List<String> columns = new ArrayList<>();
        for (StructField field : schema.fields()) {
            columns.add(quote(field.name()) + " " + field.dataType().sql());
        }
        config.partition().keySet().forEach(key -> columns.add(quote(key) + " STRING"));
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(name)
                .append(" (").append(String.join(", ", columns)).append(") USING ").append(config.format().configName());
        if (config.format() == OutputConfig.Format.CSV) {
            sql.append(" OPTIONS (header 'true')");
        }
        if (!config.partition().isEmpty()) {
            sql.append(" PARTITIONED BY (").append(config.partition().keySet().stream().map(CatalogTables::quote)
                    .collect(Collectors.joining(", "))).append(')');
        }
        return sql.append(" LOCATION ").append(literal(folder.toString())).toString();
    }

    /** The columns as the catalog lists them: data columns, then the partition columns. */
    private List<String> columns(StructType schema) {
        List<String> columns = new ArrayList<>();
        for (StructField field : schema.fields()) {
            columns.add(describe(field.name(), field.dataType().catalogString(), false));
        }
        config.partition().keySet().forEach(key -> columns.add(describe(key, "string", true)));
        return columns;
    }

    private static String describe(String name, String type, boolean partition) {
        return name.toLowerCase(Locale.ROOT) + " " + type.toLowerCase(Locale.ROOT) + (partition ? " (partition)" : "");
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
