package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PythonCsv#parse} against Python's {@code next(csv.reader([line + "\n"]))} (default dialect).
 *
 * <p>Expected values come from running src/test/resources/reference/python_emulation_cases.py
 * with Debian's /usr/bin/python3: Python 3.11.2, NumPy 1.24.2, pandas 1.5.3. A null expectation
 * means Python raises {@code csv.Error}.
 */
class PythonCsvTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                row("a,b,c", new String[] {"a", "b", "c"}),
                row("1,2.5,-3e-05", new String[] {"1", "2.5", "-3e-05"}),
                // empty fields and trailing commas
                row("a,,c", new String[] {"a", "", "c"}),
                row(",,", new String[] {"", "", ""}),
                row("a,b,", new String[] {"a", "b", ""}),
                row(",", new String[] {"", ""}),
                row("", new String[] {}),
                // quoting
                row("\"a,b\",c", new String[] {"a,b", "c"}),
                row("\"a\"\"b\",c", new String[] {"a\"b", "c"}),
                row("\"\"", new String[] {""}),
                row("\"\",\"\"", new String[] {"", ""}),
                row("ab\"c,d", new String[] {"ab\"c", "d"}),
                row("a\"b\"c", new String[] {"a\"b\"c"}),
                row("\"ab\"c,d", new String[] {"abc", "d"}),
                row("\"ab\" ,d", new String[] {"ab ", "d"}),
                // an unterminated quote keeps the line's newline
                row("a,\"bc", new String[] {"a", "bc\n"}),
                row("\"", new String[] {"\n"}),
                // spaces are kept; a quote after a space is an ordinary character
                row(" a , b ", new String[] {" a ", " b "}),
                row(" \"a\",b", new String[] {" \"a\"", "b"}),
                // carriage returns
                row("a\rb", null), // csv.Error: new-line character seen in unquoted field
                row("a,b\r", new String[] {"a", "b"}),
                row("\"a\rb\",c", new String[] {"a\rb", "c"}),
                row("\"a\nb\",c", new String[] {"a\nb", "c"}),
                // latin-1 text, whitespace that the csv module does not strip
                row("caf\u00e9,\u00ff,\u00a0x\u00a0", new String[] {"caf\u00e9", "\u00ff", "\u00a0x\u00a0"}),
                row("\t,\u0085", new String[] {"\t", "\u0085"}),
                // Python 3.11 reads a NUL as an ordinary character (Python <= 3.10 raised "line contains NUL")
                row("a\u0000b", new String[] {"a\u0000b"}));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("lines")
    void parsesLikePythonsCsvReader(String line, String[] expected) {
        assertThat(PythonCsv.parse(line)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("lines")
    void countsTheFieldsOfALineBytesAsParsed(String line, String[] expected) {
        byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(PythonCsv.fieldCount(bytes)).isEqualTo(expected == null ? -1 : expected.length);
    }

    /** The eight-bytes-at-a-time count sees every comma, quote and line break, wherever it falls in a word. */
    @org.junit.jupiter.api.Test
    void countsPlainFieldsAtEveryOffset() {
        for (int length = 0; length < 40; length++) {
            for (int at = 0; at < length; at++) {
                for (char c : new char[] {',', '"', '\r', '\n', 'x', '\u00ff', '\u00ac'}) {
                    char[] chars = new char[length];
                    java.util.Arrays.fill(chars, at % 2 == 0 ? '\u00ab' : '7');
                    chars[at] = c;
                    String line = new String(chars);
                    byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    String[] parsed = PythonCsv.parse(line);
                    assertThat(PythonCsv.fieldCount(bytes)).as("%s at %d of %d", (int) c, at, length)
                            .isEqualTo(parsed == null ? -1 : parsed.length);
                    assertThat(PythonCsv.isPlain(bytes)).isEqualTo(c != '"' && c != '\r' && c != '\n');
                }
            }
        }
    }

    /** The line is named in brackets, control characters escaped, to keep test reports printable. */
    private static Arguments row(String line, String[] fields) {
        StringBuilder shown = new StringBuilder("[");
        for (char c : line.toCharArray()) {
            shown.append(c < 0x20 || (c >= 0x7f && c < 0xa0) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return Arguments.of(Named.of(shown.append(']').toString(), line), fields);
    }
}
