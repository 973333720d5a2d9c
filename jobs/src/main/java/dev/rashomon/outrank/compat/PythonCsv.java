package dev.rashomon.outrank.compat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.Text;

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
        int plain = plainFieldCount(line);
        if (plain >= 0) {
            return plain;
        }
        if (line.length == 0) {
            return 0; // the bare newline ends the record before any field
        }
        String[] parsed = parse(latin1(line));
        return parsed == null ? -1 : parsed.length;
    }

    /** Whether the line's fields are exactly its comma-separated pieces: no quote, no line break, not empty. */
    static boolean isPlain(byte[] line) {
        return plainFieldCount(line) >= 0;
    }

    /** Eight bytes of a byte array as a little-endian long (the first byte lowest). */
    static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /**
     * A plain line's field count (its commas + 1), or −1 if the line is empty or holds a quote or
     * a line break; eight bytes at a time.
     */
    static int plainFieldCount(byte[] line) {
        int n = line.length;
        if (n == 0) {
            return -1;
        }
        int commas = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long word = (long) WORDS.get(line, i);
            if (hasQuoteOrLineBreak(word)) {
                return -1;
            }
            commas += Long.bitCount(commaBytes(word));
        }
        for (; i < n; i++) {
            byte c = line[i];
            if (c == ',') {
                commas++;
            } else if (c == '"' || c == '\r' || c == '\n') {
                return -1;
            }
        }
        return commas + 1;
    }

    /** Whether one of the eight bytes is '"', '\r' or '\n'. */
    static boolean hasQuoteOrLineBreak(long word) {
        return (zeroBytes(word ^ (ONES * '"')) | zeroBytes(word ^ (ONES * '\r')) | zeroBytes(word ^ (ONES * '\n'))) != 0;
    }

    /** The high bit of each ',' byte of the eight. */
    static long commaBytes(long word) {
        return zeroBytes(word ^ (ONES * ','));
    }

    /** The high bit of each zero byte of {@code word}, exactly (no borrow between bytes). */
    private static long zeroBytes(long word) {
        long t = (word & LOW7) + LOW7;
        return ~(t | word | LOW7);
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
            public boolean encodeIfValid(byte[] line, int columns, EncodedRows rows) {
                int plain = rows.addIfPlainCsv(line, line.length);
                return plain < 0 ? RowBatches.LineParser.super.encodeIfValid(line, columns, rows) : plain == columns;
            }

            @Override
            public void encode(byte[] line, EncodedRows rows) {
                if (rows.addIfPlainCsv(line, line.length) < 0) {
                    rows.addFields(parse(line));
                }
            }
        };
    }

    /**
     * csv-raw lines as {@link EncodedScan} reads them: the reader's own {@link Text}, encoded as it
     * comes (its bytes are latin-1, one character a byte), without a copy per line.
     */
    static RowBatches.LineParser<Text> texts() {
        return new RowBatches.LineParser<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public String[] parse(Text line) {
                return PythonCsv.parse(new String(line.getBytes(), 0, line.getLength(), java.nio.charset.StandardCharsets.ISO_8859_1));
            }

            @Override
            public boolean encodeIfValid(Text line, int columns, EncodedRows rows) {
                int plain = rows.addIfPlainCsv(line.getBytes(), line.getLength());
                return plain < 0 ? RowBatches.LineParser.super.encodeIfValid(line, columns, rows) : plain == columns;
            }
        };
    }

    private static String take(StringBuilder field) {
        String value = field.toString();
        field.setLength(0);
        return value;
    }
}
