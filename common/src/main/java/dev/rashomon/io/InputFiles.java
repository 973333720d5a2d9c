package dev.rashomon.io;

import dev.rashomon.run.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/** The data files behind an input path (file, folder or glob), listed through Hadoop's FileSystem. */
public final class InputFiles {
    /** Lines {@link #lineOf} reads at most before it gives up. */
    static final long LINE_SEARCH_LIMIT = 10_000_000;
    private InputFiles() {
    }

    /**
     * The data files under {@code path}, sorted by name: a file, every visible file below a folder
     * (names starting with '_' or '.' are metadata, as in Spark), or every match of a glob.
     */
    public static List<Path> list(String path, Configuration conf) {
        Path pattern = new Path(path);
        try {
            FileSystem fs = pattern.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches == null || matches.length == 0) {
                throw new UserError("input.path " + path + " does not exist"
                        + (hasGlob(path) ? " (the pattern matches nothing)" : ""));
            }
            List<Path> files = new ArrayList<>();
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    RemoteIterator<LocatedFileStatus> below = fs.listFiles(match.getPath(), true);
                    while (below.hasNext()) {
                        LocatedFileStatus file = below.next();
                        if (isVisible(match.getPath(), file.getPath())) {
                            files.add(file.getPath());
                        }
                    }
                } else {
                    files.add(match.getPath());
                }
            }
            if (files.isEmpty()) {
                throw new UserError("input.path " + path + " holds no data files");
            }
            files.sort(Comparator.comparing(Path::toString));
            return files;
        } catch (IOException e) {
            throw new UserError("input.path " + path + " cannot be listed: " + e.getMessage(), e);
        }
    }

    /** The first line of a file, decompressed by its extension (.gz, .bz2, …); null if it is empty. */
    public static String firstLine(Path file, Configuration conf) {
        return firstLine(file, conf, StandardCharsets.UTF_8);
    }

    /** The first line of a file in the given encoding. */
    public static String firstLine(Path file, Configuration conf, Charset charset) {
        try (BufferedReader reader = open(file, conf, charset)) {
            return reader.readLine();
        } catch (IOException e) {
            throw new UserError("input file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The 1-based number of the first line of {@code file} that reads {@code record} (a prefix when
     * the record was cut short with '…'), or -1. For messages about a bad row: it reads the file
     * from the start, so only on the way to an error, and gives up after {@link #LINE_SEARCH_LIMIT}
     * lines rather than hold the error back for minutes.
     */
    public static long lineOf(String file, String record, Configuration conf, Charset charset) {
        boolean cut = record.endsWith("…");
        String text = cut ? record.substring(0, record.length() - 1) : record;
        try (BufferedReader reader = open(new Path(file), conf, charset)) {
            long number = 0;
            for (String line = reader.readLine(); line != null && number < LINE_SEARCH_LIMIT; line = reader.readLine()) {
                number++;
                if (cut ? line.startsWith(text) : line.equals(text)) {
                    return number;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1; // the message goes out without a line number
        }
        return -1;
    }

    /** Opens a file as text, decompressing it by its extension. */
    public static BufferedReader open(Path file, Configuration conf, Charset charset) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        InputStream in = fs.open(file);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
        if (codec != null) {
            in = codec.createInputStream(in);
        }
        return new BufferedReader(new InputStreamReader(in, charset));
    }

    /**
     * The data file of OutRank's csv-raw layout: {@code <folder>/data.csv}, or {@code data.csv.gz}.
     */
    public static Path csvRawFile(String folder, Configuration conf) {
        Path root = new Path(folder);
        try {
            FileSystem fs = root.getFileSystem(conf);
            for (String name : new String[] {"data.csv", "data.csv.gz"}) {
                Path file = new Path(root, name);
                if (isFile(fs, file)) {
                    return file;
                }
            }
        } catch (IOException e) {
            throw new UserError("input.path " + folder + " cannot be read: " + e.getMessage(), e);
        }
        throw new UserError("input.path " + folder + " has no data.csv (csv-raw input is a folder holding data.csv, "
                + "its first line the header)");
    }

    /** Whether a path exists and is a file. */
    public static boolean isFile(FileSystem fs, Path path) throws IOException {
        return fs.exists(path) && fs.getFileStatus(path).isFile();
    }

    private static boolean isVisible(Path root, Path file) {
        for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
            String name = p.getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasGlob(String path) {
        return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }
}
