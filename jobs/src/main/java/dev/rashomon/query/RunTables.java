package dev.rashomon.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rashomon.config.ConfigLoader;
import dev.rashomon.run.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The tables of one run's output folder, as Spark reads them: every sub-folder holding Spark's
 * part files, directly or below {@code key=value} partition folders. Staging, hidden and
 * {@code _}-prefixed folders, the partitions' run folders and folders of other files (the
 * ensemble's {@code pipelines/}, OutRank's compatible files) are not tables.
 *
 * <p>A run is finished when its folder, or one of its partition folders, holds {@code _SUCCESS};
 * the table format is the one its run.json's {@code config.output.format} names.
 */
public final class RunTables {
    private static final String SUCCESS = "_SUCCESS";
    private static final String PARTITION_FOLDER = "[A-Za-z_][A-Za-z0-9_]*=[^/]+";

    private final SparkSession spark;
    private final SqlArguments.Run run;
    private final String format;
    private final List<String> tables;
    private final Set<String> partitions;
    private final Path root;

    private RunTables(SparkSession spark, SqlArguments.Run run, Path root, String format, List<String> tables,
                      Set<String> partitions) {
        this.spark = spark;
        this.run = run;
        this.root = root;
        this.format = format;
        this.tables = tables;
        this.partitions = partitions;
    }

    /** Finds the finished run in {@code run}'s folder and its tables; refuses anything else. */
    public static RunTables discover(SparkSession spark, SqlArguments.Run run) {
        Path root = new Path(run.path());
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(root)) {
                throw new UserError("--run " + run.path() + " does not exist");
            }
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new UserError("--run " + run.path() + " is a file; give a run's output folder (its output.path)");
            }
            root = fs.makeQualified(root);
            String hint = root.getName().matches(PARTITION_FOLDER)
                    ? "; for one partition give the output folder and --partition " + root.getName() : "";
            List<Path> finished = new ArrayList<>();
            collectFinished(fs, root, finished);
            if (finished.isEmpty()) {
                throw new UserError("--run " + run.path() + " holds no _SUCCESS: not the output folder of a finished run" + hint);
            }
            Set<String> formats = new TreeSet<>();
            Set<String> partitions = new TreeSet<>();
            for (Path folder : finished) {
                formats.add(format(fs, folder));
                String relative = root.toUri().relativize(folder.toUri()).getPath();
                if (!relative.isEmpty()) {
                    partitions.add(relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative);
                }
            }
            if (formats.size() > 1) {
                throw new UserError("--run " + run.path() + " mixes table formats " + formats + " across its partitions");
            }
            List<String> tables = new ArrayList<>();
            for (FileStatus child : fs.listStatus(root)) {
                String name = child.getPath().getName();
                if (child.isDirectory() && !name.startsWith("_") && !name.startsWith(".")
                        && !name.matches(PARTITION_FOLDER) && holdsPartFiles(fs, child.getPath())) {
                    tables.add(name);
                }
            }
            tables.sort(null);
            if (tables.isEmpty()) {
                throw new UserError("--run " + run.path() + " holds no tables" + hint);
            }
            return new RunTables(spark, run, root, formats.iterator().next(), tables, partitions);
        } catch (IOException e) {
            throw new UserError("--run " + run.path() + " cannot be read: " + e.getMessage(), e);
        }
    }

    public List<String> tables() {
        return tables;
    }

    /** The partitions of finished runs, as paths: {@code run_date=2026-11-26}. */
    public Set<String> partitions() {
        return partitions;
    }

    public String format() {
        return format;
    }

    /**
     * A table as one Dataset, partition columns included (text, as their folder names are); with
     * {@code partition}, only that partition.
     */
    public Dataset<Row> read(String table, SqlArguments.Partition partition) {
        String folder = new Path(root, table).toString();
        Dataset<Row> data = switch (format) {
            case "csv" -> spark.read().option("header", "true").option("inferSchema", "true").csv(folder);
            case "json" -> spark.read().json(folder);
            default -> spark.read().parquet(folder);
        };
        if (partition == null) {
            return data;
        }
        if (!List.of(data.columns()).contains(partition.column())) {
            throw new UserError("--partition " + partition + ": table " + table + " of " + run.describe()
                    + " has no column " + partition.column() + " (partitions: " + describePartitions() + ")");
        }
        return data.where(functions.col(partition.column()).cast("string").equalTo(partition.value()));
    }

    /** Refuses a partition that no finished run of this folder wrote. */
    public void requirePartition(SqlArguments.Partition partition) {
        boolean found = partitions.stream().anyMatch(p -> List.of(p.split("/")).contains(partition.toString()));
        if (!found) {
            throw new UserError("--partition " + partition + ": " + run.describe() + " has no such partition (partitions: "
                    + describePartitions() + ")");
        }
    }

    private String describePartitions() {
        return partitions.isEmpty() ? "none" : String.join(", ", partitions);
    }

    private static void collectFinished(FileSystem fs, Path folder, List<Path> finished) throws IOException {
        if (fs.exists(new Path(folder, SUCCESS))) {
            finished.add(folder);
        }
        for (FileStatus child : fs.listStatus(folder)) {
            if (child.isDirectory() && child.getPath().getName().matches(PARTITION_FOLDER)) {
                collectFinished(fs, child.getPath(), finished);
            }
        }
    }

    private static boolean holdsPartFiles(FileSystem fs, Path folder) throws IOException {
        for (FileStatus child : fs.listStatus(folder)) {
            String name = child.getPath().getName();
            if (child.isFile() && name.startsWith("part-")) {
                return true;
            }
            if (child.isDirectory() && name.matches(PARTITION_FOLDER) && holdsPartFiles(fs, child.getPath())) {
                return true;
            }
        }
        return false;
    }

    /** The table format from the run folder's run.json; parquet when run.json does not say. */
    private static String format(FileSystem fs, Path runFolder) throws IOException {
        Path runJson = new Path(runFolder, "run.json");
        if (!fs.exists(runJson)) {
            return "parquet";
        }
        try (InputStream in = fs.open(runJson)) {
            JsonNode format = ConfigLoader.json().readTree(in).at("/config/output/format");
            return format.isTextual() ? format.asText() : "parquet";
        }
    }
}
