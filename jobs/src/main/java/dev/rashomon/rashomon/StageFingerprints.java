package dev.rashomon.rashomon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A digest of each stage of a saved PipelineModel, from the bytes MLlib wrote for it (its params
 * and learned data, less the save timestamp). Pipelines saved by one ensemble run share their
 * feature stages byte for byte, so equal digests let the scoring apply a shared prefix of stages
 * once instead of once per model. Stages whose bytes differ are never shared, whatever their uid.
 */
final class StageFingerprints {
    private StageFingerprints() {
    }

    /** One digest per stage of the pipeline saved in {@code folder}, in stage order. */
    static List<String> of(FileSystem fs, Path folder) {
        try {
            Path stages = new Path(folder, "stages");
            if (!fs.exists(stages)) {
                return List.of();
            }
            TreeMap<Integer, Path> ordered = new TreeMap<>();
            for (FileStatus stage : fs.listStatus(stages)) {
                String name = stage.getPath().getName();
                int underscore = name.indexOf('_');
                if (stage.isDirectory() && underscore > 0 && name.substring(0, underscore).matches("\\d+")) {
                    ordered.put(Integer.parseInt(name.substring(0, underscore)), stage.getPath());
                }
            }
            List<String> digests = new ArrayList<>();
            for (Path stage : ordered.values()) {
                digests.add(digest(fs, stage));
            }
            return digests;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the saved stages of " + folder, e);
        }
    }

    /** SHA-256 over the stage's files: each file's digest, sorted, with its folder (file names carry random ids). */
    private static String digest(FileSystem fs, Path stage) throws IOException {
        List<String> files = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(stage, true);
        String root = stage.toUri().getPath();
        while (it.hasNext()) {
            LocatedFileStatus file = it.next();
            String name = file.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue;
            }
            String folder = file.getPath().getParent().toUri().getPath().substring(root.length());
            byte[] bytes;
            try (InputStream in = fs.open(file.getPath())) {
                bytes = in.readAllBytes();
            }
            if (folder.endsWith("metadata")) {
                bytes = new String(bytes, StandardCharsets.UTF_8).replaceAll("\"timestamp\":\\d+,?", "")
                        .getBytes(StandardCharsets.UTF_8);
            }
            files.add(folder + ":" + HexFormat.of().formatHex(sha256(bytes)));
        }
        files.sort(String::compareTo);
        return HexFormat.of().formatHex(sha256(String.join("\n", files).getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
