package dev.rashomon.outrank.compat;

import java.util.ArrayList;
import java.util.List;

/**
 * One line parsed as Python's {@code csv.reader} does with the default dialect (delimiter ',',
 * quote '"', doubled quotes, no escape character, not strict): the state machine of CPython's
 * {@code _csv.c}. OutRank parses each line of its csv-raw input this way, so quoting quirks
 * ({@code a"b} stays {@code a"b}; {@code "ab"c} becomes {@code abc}) must match.
 */
final class PythonCsv {
    private enum State { START_RECORD, START_FIELD, IN_FIELD, IN_QUOTED_FIELD, QUOTE_IN_QUOTED_FIELD, EAT_CRNL }

    private PythonCsv() {
    }

    /** The fields of one line (as read from a text file, with its newline); null where Python raises. */
    @SuppressWarnings("fallthrough") // START_RECORD hands its character on to START_FIELD, as _csv.c does
    static String[] parse(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        State state = State.START_RECORD;
        int length = line.length();
        // The line is read as if followed by its newline, then the end of input (EOL).
        for (int i = 0; i <= length + 1; i++) {
            boolean eol = i == length + 1;
            char c = eol ? 0 : i == length ? '\n' : line.charAt(i);
            switch (state) {
                case START_RECORD:
                    if (eol) {
                        return fields.toArray(String[]::new);
                    }
                    if (c == '\n' || c == '\r') {
                        state = State.EAT_CRNL;
                        break;
                    }
                    state = State.START_FIELD;
                    // fall through: the character starts the first field
                case START_FIELD:
                    if (eol || c == '\n' || c == '\r') {
                        fields.add(take(field));
                        state = eol ? State.START_RECORD : State.EAT_CRNL;
                    } else if (c == '"') {
                        state = State.IN_QUOTED_FIELD;
                    } else if (c == ',') {
                        fields.add(take(field));
                    } else {
                        field.append(c);
                        state = State.IN_FIELD;
                    }
                    break;
                case IN_FIELD:
                    if (eol || c == '\n' || c == '\r') {
                        fields.add(take(field));
                        state = eol ? State.START_RECORD : State.EAT_CRNL;
                    } else if (c == ',') {
                        fields.add(take(field));
                        state = State.START_FIELD;
                    } else {
                        field.append(c);
                    }
                    break;
                case IN_QUOTED_FIELD:
                    if (eol) {
                        // An unterminated quote at the end of the input: not strict, so the field is kept.
                        fields.add(take(field));
                        return fields.toArray(String[]::new);
                    } else if (c == '"') {
                        state = State.QUOTE_IN_QUOTED_FIELD;
                    } else {
                        field.append(c);
                    }
                    break;
                case QUOTE_IN_QUOTED_FIELD:
                    if (!eol && c == '"') {
                        field.append('"');
                        state = State.IN_QUOTED_FIELD;
                    } else if (!eol && c == ',') {
                        fields.add(take(field));
                        state = State.START_FIELD;
                    } else if (eol || c == '\n' || c == '\r') {
                        fields.add(take(field));
                        state = eol ? State.START_RECORD : State.EAT_CRNL;
                    } else {
                        field.append(c);
                        state = State.IN_FIELD;
                    }
                    break;
                case EAT_CRNL:
                    if (eol) {
                        state = State.START_RECORD;
                        return fields.toArray(String[]::new);
                    } else if (c != '\n' && c != '\r') {
                        return null; // "new-line character seen in unquoted field"
                    }
                    break;
                default:
                    throw new IllegalStateException(state.toString());
            }
        }
        return fields.toArray(String[]::new);
    }

    /**
     * The number of fields {@link #parse} gives for a latin-1 line, or −1 where Python raises. A
     * line without a quote or a line break (nearly every line of real data) is just its
     * comma-separated pieces, so they are counted without being built.
     */
    static int fieldCount(byte[] line) {
        if (line.length == 0) {
            return 0; // the bare newline ends the record before any field
        }
        int fields = 1;
        for (byte c : line) {
            if (c == ',') {
                fields++;
            } else if (c == '"' || c == '\r' || c == '\n') {
                String[] parsed = parse(latin1(line));
                return parsed == null ? -1 : parsed.length;
            }
        }
        return fields;
    }

    /** Whether the line's fields are exactly its comma-separated pieces: no quote, no line break, not empty. */
    static boolean isPlain(byte[] line) {
        if (line.length == 0) {
            return false;
        }
        for (byte c : line) {
            if (c == '"' || c == '\r' || c == '\n') {
                return false;
            }
        }
        return true;
    }

    private static String latin1(byte[] line) {
        return new String(line, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * csv-raw lines as {@link RowBatches} reads them, as their latin-1 bytes (OutRank decodes
     * csv-raw as latin-1, one character a byte): parsed as above, counted and encoded without
     * fields where plain.
     */
    static RowBatches.LineParser<byte[]> lines() {
        return new RowBatches.LineParser<>() {
            private static final long serialVersionUID = 2L;

            @Override
            public String[] parse(byte[] line) {
                return PythonCsv.parse(latin1(line));
            }

            @Override
            public int fieldCount(byte[] line) {
                return PythonCsv.fieldCount(line);
            }

            @Override
            public void encode(byte[] line, EncodedRows rows) {
                if (isPlain(line)) {
                    rows.addPlainCsv(line, line.length);
                } else {
                    rows.addFields(parse(line));
                }
            }
        };
    }

    private static String take(StringBuilder field) {
        String value = field.toString();
        field.setLength(0);
        return value;
    }
}
