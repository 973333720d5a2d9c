package dev.rashomon.io;

import dev.rashomon.config.OutputConfig;
import dev.rashomon.run.RunMetadata;
import dev.rashomon.run.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The outputs of one run, written through Hadoop's FileSystem (local, hdfs://, s3a://).
 *
 * <p>Layout, with {@code P} the partition path ({@code run_date=2026-11-26/}, or nothing):
 * <pre>
 * output/TABLE/P…        one folder per table (Hive-style partitions, readable as one table)
 * output/P/FILE          files of the run itself, e.g. the report's report.html
 * output/P/run.json      what the run did
 * output/P/_SUCCESS      written last
 * </pre>
 * Tables are first written under {@code output/_staging/RUN_ID/} and moved into place only when
 * every table is complete, so a failed run leaves nothing visible and the previous output of the
 * partition untouched. A rerun of a partition replaces its tables; run.json and _SUCCESS follow.
 * With {@code output.catalog.database}, the tables are then registered in the session catalog.
 */
public final class RunOutput {
    private static final String STAGING = "_staging";
    /** Rows per file of a keyed table: tens of MB of Parquet for the suite's per-row tables. */
    public static final long ROWS_PER_FILE = 1_000_000;

    private final OutputConfig config;
    private final FileSystem fs;
    private final Path root;
    private final Path staging;
    private final String partitionPath;
    private final boolean rootExisted;
    private final Map<String, Path> staged = new LinkedHashMap<>();
    private final Map<String, Path> stagedRunFiles = new LinkedHashMap<>();
    /** The Spark tables among the staged folders (not MLlib's or OutRank's files), as written. */
    private final Map<String, StructType> schemas = new LinkedHashMap<>();
    private final CatalogTables catalog;
    private boolean committed;
    // What a commit has changed so far (moves as {from, to}, latest first), for abort() to undo.
    private final Deque<Path[]> moves = new ArrayDeque<>();
    private boolean removedSuccess;
    private boolean wroteRunJson;
    // Folders a commit created in the shared output (deepest first), for abort() to remove if empty.
    private final Deque<Path> createdFolders = new ArrayDeque<>();

    private RunOutput(SparkSession spark, OutputConfig config, FileSystem fs, Path root, String runId, boolean rootExisted) {
        this.catalog = config.catalog().enabled() ? new CatalogTables(spark, config) : null;
        this.config = config;
        this.fs = fs;
        this.root = root;
        this.staging = new Path(new Path(root, STAGING), runId);
        this.partitionPath = OutputConfig.partitionPath(config.partition());
        this.rootExisted = rootExisted;
    }

    /**
     * Checks that the output location can be used, before any data is read: it may not exist yet,
     * or be a folder; never a file, and never an input or inside one ({@link OutputPlacement}).
     *
     * @param inputs every input path of the job by its config key (null values are unused inputs)
     */
    public static RunOutput prepare(SparkSession spark, OutputConfig config, String runId, Map<String, String> inputs) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        OutputPlacement.check(conf, config.path(), inputs);
        Path root = new Path(config.path());
        try {
            FileSystem fs = root.getFileSystem(conf);
            boolean exists = fs.exists(root);
            if (exists && !fs.getFileStatus(root).isDirectory()) {
                throw new UserError("output.path " + config.path() + " exists and is a file; it must be a folder or not exist yet");
            }
            return new RunOutput(spark, config, fs, fs.makeQualified(root), runId, exists);
        } catch (IOException e) {
            throw new UserError("output.path " + config.path() + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** Where table {@code name} of this run ends up. */
    public Path tablePath(String name) {
        Path table = new Path(root, name);
        return partitionPath.isEmpty() ? table : new Path(table, partitionPath);
    }

    /** The folder of run.json and _SUCCESS. */
    public Path runFolder() {
        return partitionPath.isEmpty() ? root : new Path(root, partitionPath);
    }

    /** Writes a table to the staging area; {@code singleFile} for small tables people open by hand. */
    public void writeTable(String name, Dataset<Row> table, boolean singleFile) {
        Path target = new Path(staging, name);
        Dataset<Row> data = singleFile ? table.coalesce(1) : table;
        if (config.format() == OutputConfig.Format.CSV) {
            data = arraysAsText(data);
        }
        var writer = data.write().mode(SaveMode.ErrorIfExists).format(config.format().configName());
        if (config.format() == OutputConfig.Format.CSV) {
            writer = writer.option("header", "true");
        }
        writer.save(target.toString());
        staged.put(name, target);
        schemas.put(name, data.schema());
    }

    /**
     * Writes a table too large for one file in a layout that depends only on its rows, not on the
     * partitions they were computed in: {@code ceil(rows / ROWS_PER_FILE)} files, each row in the
     * file picked by a hash of its key, and within a file sorted by the key, then by every other
     * column (so rows that share a key have one order too). Two runs of the same input thus write
     * the same bytes however the input was split.
     *
     * @param rows the table's row count (known to the caller, so the table is not counted again)
     */
    public void writeKeyedTable(String name, Dataset<Row> table, long rows, String... key) {
        int files = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE));
        List<Column> order = new ArrayList<>();
        for (String column : key) {
            order.add(quoted(column));
        }
        for (StructField field : table.schema().fields()) {
            if (!List.of(key).contains(field.name()) && !(field.dataType() instanceof MapType)) {
                order.add(quoted(field.name()));
            }
        }
        Column[] keyColumns = order.subList(0, key.length).toArray(Column[]::new);
        writeTable(name, table.repartition(files, keyColumns).sortWithinPartitions(order.toArray(Column[]::new)), false);
    }

    private static Column quoted(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    /**
     * CSV has no arrays: an array column becomes the text {@code [0.2, 0.7]}, each number as Java
     * prints a double (it reads back exactly).
     */
    private static Dataset<Row> arraysAsText(Dataset<Row> table) {
        Dataset<Row> out = table;
        for (StructField field : table.schema().fields()) {
            if (field.dataType() instanceof ArrayType) {
                Column column = functions.col("`" + field.name().replace("`", "``") + "`");
                out = out.withColumn(field.name(), functions.concat(functions.lit("["),
                        functions.array_join(column.cast("array<string>"), ", "), functions.lit("]")));
            }
        }
        return out;
    }

    /** Writes a text file into a staged folder that is committed like a table (e.g. OutRank's files). */
    public void writeFile(String folder, String name, String text) {
        Path target = new Path(new Path(staging, folder), name);
        try {
            write(target, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not write " + target, e);
        }
        staged.put(folder, new Path(staging, folder));
    }

    /**
     * Writes a file that ends up in the run folder beside run.json (e.g. the report's HTML); staged
     * like a table and moved into place before run.json.
     */
    public void writeRunFile(String name, String text) {
        Path target = new Path(new Path(staging, "_run"), name);
        try {
            write(target, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not write " + target, e);
        }
        stagedRunFiles.put(name, target);
    }

    /**
     * A staged folder for files written by other means (e.g. MLlib's {@code save}); committed like
     * a table. The caller writes below the returned path.
     */
    public Path stageFolder(String name) {
        Path target = new Path(staging, name);
        staged.put(name, target);
        return target;
    }

    /**
     * Records the outputs (and the catalog tables) in run.json, then commits: see {@link #commit(String)}.
     */
    public void commit(RunMetadata run) throws IOException {
        run.put("outputs", tables());
        if (catalog != null) {
            Map<String, Object> registered = new LinkedHashMap<>();
            registered.put("database", config.catalog().database());
            registered.put("implementation", catalog.implementation());
            registered.put("tables", catalog.names(schemas.keySet()));
            run.put("catalog", registered);
        }
        commit(run.toJson());
    }

    /**
     * Moves every staged table into place, then writes run.json, then _SUCCESS; then registers the
     * tables in the catalog when asked to. A table the catalog cannot take is refused before anything moves.
     *
     * <p>On HDFS and local disks each move is one atomic rename. On S3 a folder "rename" copies
     * and then deletes object by object, so a process killed in the middle of this method can leave
     * the table being moved partial. The order bounds what a kill leaves: the partition's _SUCCESS
     * and the previous run.json go first (the partition reads as incomplete until the new
     * _SUCCESS); each table's previous files leave before any new file arrives, so a table folder
     * holds old files or new files, never both; tables not yet reached are untouched. Everything
     * replaced is kept under {@code _staging/RUN_ID/_replaced/} until the end. A commit that fails
     * with an exception instead is undone by {@link #abort()}.
     */
    public void commit(String runJson) throws IOException {
        if (catalog != null) {
            catalog.check(schemas);
        }
        Path runFolder = runFolder();
        makeFolder(runFolder);
        removedSuccess = fs.delete(new Path(runFolder, "_SUCCESS"), false);
        Path replaced = new Path(staging, "_replaced");
        Path previousRunJson = new Path(runFolder, "run.json");
        if (fs.exists(previousRunJson)) {
            fs.mkdirs(replaced);
            move(previousRunJson, new Path(replaced, "run.json"));
        }
        for (Map.Entry<String, Path> table : staged.entrySet()) {
            Path target = tablePath(table.getKey());
            if (fs.exists(target)) {
                fs.mkdirs(replaced);
                move(target, new Path(replaced, table.getKey()));
            }
            makeFolder(target.getParent());
            move(table.getValue(), target);
        }
        for (Map.Entry<String, Path> file : stagedRunFiles.entrySet()) {
            Path target = new Path(runFolder, file.getKey());
            if (fs.exists(target)) {
                fs.mkdirs(new Path(replaced, "_run"));
                move(target, new Path(new Path(replaced, "_run"), file.getKey()));
            }
            move(file.getValue(), target);
        }
        wroteRunJson = true;
        write(new Path(runFolder, "run.json"), runJson);
        write(new Path(runFolder, "_SUCCESS"), "");
        moves.clear();
        createdFolders.clear();
        removedSuccess = false;
        wroteRunJson = false;
        committed = true;
        removeStaging();
        if (catalog != null) {
            register();
        }
    }

    private void register() {
        Map<String, Path> tableFolders = new LinkedHashMap<>();
        Map<String, Path> partitionFolders = new LinkedHashMap<>();
        schemas.keySet().forEach(name -> {
            tableFolders.put(name, new Path(root, name));
            partitionFolders.put(name, tablePath(name));
        });
        catalog.register(schemas, tableFolders, partitionFolders);
        if (catalog.implementation().equals("in-memory")) {
            System.err.println("note: output.catalog: this session's catalog is in-memory, so the tables of "
                    + config.catalog().database() + " last as long as the session; a Hive metastore keeps them "
                    + "(--conf spark.sql.catalogImplementation=hive on a Spark with Hive support)");
        }
    }

    /**
     * Removes whatever this run wrote: its own staging area, then the folders it created if they
     * are empty. If a commit failed half-way, first puts back what it replaced (the new tables
     * return to the staging area), so the partition is as it was before the run. Nothing once the
     * commit has written _SUCCESS. Other runs may be writing other partitions of the same output at
     * the same time, so nothing is removed that is not this run's or not empty.
     */
    public void abort() {
        if (committed) {
            return; // the run's files are complete; only a later step (the catalog) failed
        }
        try {
            undoCommit();
        } catch (IOException e) {
            System.err.println("warning: the commit stopped half-way and could not be undone (" + e.getMessage()
                    + "); the tables it replaced are in " + new Path(staging, "_replaced"));
            return;
        }
        try {
            removeStaging();
            createdFolders.forEach(this::removeIfEmpty);
            createdFolders.clear();
            if (!rootExisted) {
                removeIfEmpty(root);
            }
        } catch (IOException e) {
            System.err.println("warning: could not remove the staging folder " + staging + ": " + e.getMessage());
        }
    }

    private void undoCommit() throws IOException {
        if (wroteRunJson) {
            fs.delete(new Path(runFolder(), "run.json"), false);
            wroteRunJson = false;
        }
        while (!moves.isEmpty()) {
            Path[] move = moves.peek();
            rename(move[1], move[0]);
            moves.pop();
        }
        if (removedSuccess) {
            write(new Path(runFolder(), "_SUCCESS"), "");
            removedSuccess = false;
        }
    }

    /** The tables written by this run and their final locations. */
    public Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        staged.keySet().forEach(name -> tables.put(name, tablePath(name).toString()));
        return tables;
    }

    /** Deletes this run's staging folder, and {@code _staging} if no other run has one there. */
    private void removeStaging() throws IOException {
        fs.delete(staging, true);
        removeIfEmpty(staging.getParent());
    }

    /**
     * Deletes a folder only if it is empty at that instant. Hadoop's non-recursive delete checks
     * for emptiness and then deletes recursively on a local disk, so a folder another run fills in
     * between would go with it; there, the JDK's delete is one rmdir, which refuses a non-empty
     * folder. Failing to remove a folder is harmless: it stays.
     */
    private void removeIfEmpty(Path folder) {
        try {
            if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
                Files.deleteIfExists(Paths.get(folder.toUri()));
            } else {
                fs.delete(folder, false);
            }
        } catch (IOException notEmpty) {
            // another run's files are in it
        }
    }

    /** mkdirs, remembering which folders of the output it created (deepest first). */
    private void makeFolder(Path folder) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = folder; p != null && !p.equals(root) && !fs.exists(p); p = p.getParent()) {
            missing.addLast(p);
        }
        if (!fs.mkdirs(folder) && !fs.getFileStatus(folder).isDirectory()) {
            throw new IOException("could not create the folder " + folder);
        }
        while (!missing.isEmpty()) {
            createdFolders.push(missing.removeLast());
        }
    }

    private void move(Path from, Path to) throws IOException {
        rename(from, to);
        moves.push(new Path[] {from, to});
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not move " + from + " to " + to);
        }
    }

    private void write(Path path, String text) throws IOException {
        try (OutputStream out = fs.create(path, true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
