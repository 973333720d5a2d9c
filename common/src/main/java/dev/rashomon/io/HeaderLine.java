package dev.rashomon.io;

import dev.rashomon.run.UserError;

/**
 * Checks on the first line of a delimited text file, made before any scan: binary data read as
 * text, and a delimiter that splits nothing (a ';' file read with ','), which would otherwise
 * surface later as a missing label column with one odd column name.
 */
public final class HeaderLine {
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    private HeaderLine() {
    }

    /**
     * @param columns the header's fields as split with {@code delimiter}
     * @param fix what the user can do about another delimiter, e.g. "set input.options.delimiter: ';'"
     */
    public static void check(String file, String line, int columns, String delimiter, String fix) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\u0000' || c < 0x20 && c != '\t' && c != '\r' || c == '\u007f') {
                throw new UserError("input file " + file + " does not look like delimited text: its first line holds the "
                        + "control byte 0x" + String.format("%02X", (int) c) + " at character " + (i + 1)
                        + " (binary data, or a compressed file without its .gz/.bz2/.zst extension?)");
            }
        }
        if (columns != 1) {
            return;
        }
        for (char candidate : DELIMITERS) {
            if (!delimiter.equals(String.valueOf(candidate)) && line.indexOf(candidate) >= 0) {
                String shown = candidate == '\t' ? "\\t" : String.valueOf(candidate);
                throw new UserError("input file " + file + ": only one column found in the header with delimiter '"
                        + (delimiter.equals("\t") ? "\\t" : delimiter) + "', but it holds '" + shown + "'; "
                        + fix.replace("%s", shown));
            }
        }
    }
}
