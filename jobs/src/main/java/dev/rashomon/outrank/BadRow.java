package dev.rashomon.outrank;

import java.io.Serializable;

/**
 * A row that could not be used: why, where it came from and its text. Travels through the
 * counting shuffle encoded in one string.
 */
record BadRow(String reason, String file, String record) implements Serializable {
    private static final char SEPARATOR = '\u0000';
    private static final int MAX_RECORD_CHARS = 500;

    static String encode(String reason, String file, String record) {
        String text = record == null ? "" : record;
        if (text.length() > MAX_RECORD_CHARS) {
            text = text.substring(0, MAX_RECORD_CHARS) + "…";
        }
        return reason + SEPARATOR + (file == null ? "" : file) + SEPARATOR + text;
    }

    static BadRow decode(String encoded) {
        int first = encoded.indexOf(SEPARATOR);
        int second = encoded.indexOf(SEPARATOR, first + 1);
        return new BadRow(encoded.substring(0, first), encoded.substring(first + 1, second), encoded.substring(second + 1));
    }

    /** One line for an error message. */
    String describe() {
        return describe(-1);
    }

    /** One line for an error message, naming the row's line of its file when known (&gt; 0). */
    String describe(long line) {
        return (file.isEmpty() ? "" : file + (line > 0 ? " line " + line : "") + ": ") + reason + ": \""
                + record.replace("\n", "\\n") + "\"";
    }
}
