package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.cli.Rashomon;
import dev.rashomon.testing.BadFiles;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Bad inputs of the compatible mode: exit 2, one line naming the problem, no output. */
class CompatBadInputTest extends SparkTestBase {

    private String refused(Path folder, String compat, String extra) {
        Path out = temp.resolve("out");
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv-raw}
                outrank:
                  mode: outrank-compat
                  compat: %s
                output: {path: %s}
                %s
                """.formatted(folder, compat, out, extra)).toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(out).doesNotExist();
        return result.firstErrorLine();
    }

    private Path folder(String csv) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("data" + System.nanoTime()));
        Files.writeString(folder.resolve("data.csv"), csv);
        return folder;
    }

    private static String rows(int n) {
        StringBuilder text = new StringBuilder("a,label\n");
        for (int i = 0; i < n; i++) {
            text.append(i % 3).append(',').append(i % 2).append('\n');
        }
        return text.toString();
    }

    @Test
    void folderWithoutDataCsv() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThat(refused(empty, "{}", "")).contains("input.path", "has no data.csv");
    }

    @Test
    void labelNotInTheHeader() throws IOException {
        assertThat(refused(folder(rows(2000)), "{subsampling: 1}", "label: {column: target}"))
                .contains("label.column 'target' is not a column", "columns: a, label");
    }

    @Test
    void tooFewRowsForABatch() throws IOException {
        // 1,000 rows: no full batch of 16,384, and a remainder of at most 1,024 rows is not scored.
        assertThat(refused(folder(rows(1000)), "{subsampling: 1}", ""))
                .contains("gives no batch to score", "1000 rows kept", "not more than 1024");
    }

    @Test
    void unknownHeuristic() throws IOException {
        assertThat(refused(folder(rows(2000)), "{heuristic: MI-numba-3mr}", ""))
                .contains("outrank.compat.heuristic", "MI-numba-randomized, MI, AMI", "'MI-numba-3mr'");
    }

    @Test
    void outranksStringBooleansAreRefusedForYamlBooleans() throws IOException {
        assertThat(refused(folder(rows(2000)), "{target_ranking_only: 'True'}", ""))
                .contains("config key 'outrank.compat.target_ranking_only' expects true or false", "'True'");
    }

    @Test
    void optionsThatOutRankHasNoUseFor() throws IOException {
        assertThat(refused(folder(rows(2000)), "{}", "sample: {fraction: 0.5}"))
                .contains("sample.fraction", "outrank.compat.subsampling");
        assertThat(refused(folder(rows(2000)), "{}", "features: {exclude: [a]}"))
                .contains("features.include/exclude", "OutRank scores every column");
    }

    @Test
    void emptyDataCsv() throws IOException {
        assertThat(refused(folder(""), "{}", "")).contains("data.csv is empty: expected a header line");
    }

    @Test
    void headerOnly() throws IOException {
        assertThat(refused(folder("a,label\n"), "{subsampling: 1}", "")).contains("data.csv gives no batch to score", "0 rows kept");
    }

    @Test
    void wrongDelimiterFindsOneColumn() throws IOException {
        assertThat(refused(folder(rows(2000).replace(',', ';')), "{}", ""))
                .contains("data.csv: only one column found in the header with delimiter ','", "it holds ';'",
                        "csv-raw is comma-separated, as OutRank reads it");
    }

    @Test
    void binaryDataInsteadOfText() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("packed"));
        BadFiles.binary(folder.resolve("data.csv"), rows(2000));
        assertThat(refused(folder, "{}", "")).contains("data.csv does not look like delimited text", "control byte 0x1F");
    }

    @Test
    void bytesThatAreNotUtf8AreReadAsIso88591AsOutRankDoes() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("latin"));
        BadFiles.latin1(folder.resolve("data.csv"), rows(2000).replace("\n2,", "\ncafé,"));
        Path out = temp.resolve("out");
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv-raw}
                outrank: {mode: outrank-compat, compat: {subsampling: 1}}
                output: {path: %s}
                """.formatted(folder, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(runJson(out).at("/rows/kept").asLong()).isEqualTo(2000);
        assertThat(runJson(out).at("/rows/invalid_lines_dropped").asLong()).isZero();
    }

    @Test
    void compatibleModeReadsTablesNotSparseLines() throws IOException {
        Path libsvm = temp.resolve("d.libsvm");
        Files.writeString(libsvm, "1 3:1 7:1\n0 2:1\n");
        Path out = temp.resolve("out");
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: libsvm}
                outrank: {mode: outrank-compat}
                output: {path: %s}
                """.formatted(libsvm, out)).toString());
        assertThat(result.exitCode()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(result.firstErrorLine()).contains("input.format", "a table in outrank-compat mode", "libsvm");
        assertThat(out).doesNotExist();
    }
}
