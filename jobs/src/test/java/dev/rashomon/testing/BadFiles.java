package dev.rashomon.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Files that are not the clean UTF-8 text a job expects: binary data, bytes of another encoding. */
public final class BadFiles {
    private BadFiles() {
    }

    /** {@code text} gzip-compressed, written under a name without .gz: binary data where text belongs. */
    public static Path binary(Path file, String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return write(file, bytes.toByteArray());
    }

    /** {@code text} in ISO-8859-1, so each 'é' is the byte 0xE9, which is not valid UTF-8. */
    public static Path latin1(Path file, String text) {
        return write(file, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
