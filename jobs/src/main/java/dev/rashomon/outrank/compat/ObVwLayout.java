package dev.rashomon.outrank.compat;

import dev.rashomon.run.UserError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * OutRank's ob-vw layout (reference section 2): {@code vw_namespace_map.csv} maps namespace ids to
 * feature names ({@code id,name} when the id has no '_', else {@code id,name,type}; other lines
 * are skipped), {@code data.vw.gz} holds Vowpal Wabbit lines after one skipped first line. The
 * columns are {@code label} then the features in map order. A line's value of a namespace is its
 * tokens joined with '-' and shortened by its first two characters; an absent namespace has no
 * value (Python's None).
 */
final class ObVwLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    final Map<String, String> featureById;
    final List<String> header;
    final String dataFile;
    /** Features whose map type is f32: OutRank's numeric columns, the ones transformers apply to. */
    final List<String> numeric;

    private ObVwLayout(Map<String, String> featureById, List<String> numeric, String dataFile) {
        this.featureById = featureById;
        this.numeric = List.copyOf(numeric);
        this.dataFile = dataFile;
        this.header = new ArrayList<>();
        header.add("label");
        header.addAll(new java.util.LinkedHashSet<>(featureById.values()));
    }

    static ObVwLayout read(String folder, Configuration conf) {
        Path root = new Path(folder);
        try {
            FileSystem fs = root.getFileSystem(conf);
            Path map = new Path(root, "vw_namespace_map.csv");
            if (!dev.rashomon.io.InputFiles.isFile(fs, map)) {
                throw new UserError("input.path " + folder + " has no vw_namespace_map.csv (ob-vw input is a folder holding "
                        + "vw_namespace_map.csv and data.vw.gz)");
            }
            Map<String, String> featureById = new LinkedHashMap<>();
            java.util.TreeSet<String> numeric = new java.util.TreeSet<>();
            try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(fs.open(map), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String[] parts = PythonFormat.strip(line).split(",", -1);
                    if ((parts.length == 2 && !parts[0].contains("_")) || parts.length == 3) {
                        featureById.put(parts[0], parts[1]);
                        if (parts.length == 3 && parts[2].equals("f32")) {
                            numeric.add(parts[1]);
                        }
                    }
                }
            }
            String data = null;
            for (String name : new String[] {"data.vw.gz", "data.vw"}) {
                if (dev.rashomon.io.InputFiles.isFile(fs, new Path(root, name))) {
                    data = new Path(root, name).toString();
                    break;
                }
            }
            if (data == null) {
                throw new UserError("input.path " + folder + " has no data.vw.gz");
            }
            if (featureById.isEmpty()) {
                throw new UserError("input file " + map + " maps no namespace (expected lines id,name or id,name,type)");
            }
            return new ObVwLayout(featureById, new ArrayList<>(numeric), data);
        } catch (IOException e) {
            throw new UserError("input.path " + folder + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** One line as OutRank's parse_ob_line_vw reads it: label, then each mapped feature's value or null. */
    String[] parse(String line) {
        String[] parts = PythonFormat.strip(line).split("\\|", -1);
        Map<String, String> values = new LinkedHashMap<>();
        for (int p = 1; p < parts.length; p++) {
            String[] tokens = PythonFormat.strip(parts[p]).split(" ", -1);
            StringBuilder value = new StringBuilder();
            for (int t = 1; t < tokens.length; t++) {
                if (!tokens[t].isEmpty()) {
                    value.append(value.length() == 0 ? "" : "-").append(tokens[t]);
                }
            }
            String feature = featureById.get(tokens[0]);
            if (feature != null) {
                values.put(feature, value.toString());
            }
        }
        String[] row = new String[header.size()];
        row[0] = parts[0].split(" ", -1)[0];
        for (int c = 1; c < header.size(); c++) {
            String value = values.get(header.get(c));
            row[c] = value == null ? null : value.length() <= 2 ? "" : value.substring(2);
        }
        return row;
    }
}
