package dev.rashomon.io;

import dev.rashomon.run.UserError;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Refuses an output folder that is an input or lies inside one: the run would write into what it
 * reads (a later run, or a glob, would read the outputs as input; a report would replace the run
 * it draws). Paths are compared fully qualified, so {@code out/x}, {@code ./out/x/},
 * {@code file:/…/out/x} and a glob {@code out/*.csv} (compared as its folder {@code out}) all match.
 *
 * <p>An input inside the output is allowed: every input is read before the commit, the tables are
 * staged under the output's {@code _staging}, and the commit replaces only this run's tables of
 * its partition, so e.g. a report may live in the folder whose runs it reads.
 */
public final class OutputPlacement {
    private static final String GLOB_CHARACTERS = "*?[{\\";

    private OutputPlacement() {
    }

    /**
     * @param output the output.path as given
     * @param inputs config key → path as given, for every input of the job (null or blank when unused)
     */
    public static void check(Configuration conf, String output, Map<String, String> inputs) {
        Path out = qualified(new Path(output), conf);
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            if (input.getValue() == null || input.getValue().isBlank()) {
                continue;
            }
            Path in = qualified(withoutGlob(new Path(input.getValue())), conf);
            for (Path folder = out; folder != null; folder = folder.getParent()) {
                if (folder.equals(in)) {
                    String where = folder == out ? "is the same folder as" : "is inside";
                    throw new UserError("output.path " + output + " " + where + " " + input.getKey() + " "
                            + input.getValue() + "; the run would write into its own input: choose an output.path "
                            + "outside every input");
                }
            }
        }
    }

    /** The folder a glob lists from: the path up to its first component with a glob character. */
    static Path withoutGlob(Path path) {
        Path folder = path;
        for (Path p = path; p != null; p = p.getParent()) {
            if (p.getName().chars().anyMatch(c -> GLOB_CHARACTERS.indexOf(c) >= 0)) {
                folder = p.getParent();
            }
        }
        return folder == null ? path : folder;
    }

    /** A path with its file system and working folder; one with a remote scheme already is one. */
    private static Path qualified(Path path, Configuration conf) {
        String scheme = path.toUri().getScheme();
        if (scheme != null && !scheme.equals("file")) {
            return path;
        }
        try {
            return path.getFileSystem(conf).makeQualified(path);
        } catch (IOException e) {
            throw new UserError("path " + path + " cannot be used: " + e.getMessage(), e);
        }
    }
}
