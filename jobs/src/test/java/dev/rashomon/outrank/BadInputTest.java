package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rashomon.cli.Rashomon;
import dev.rashomon.testing.BadFiles;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Every bad input the issue lists exits 2 with one readable line that names what is wrong, and
 * leaves no output folder or partition behind.
 */
class BadInputTest extends SparkTestBase {
    private static final String GOOD_CSV = "a,b,y\n1,x,yes\n2,x,no\n3,z,yes\n";

    private Path out() {
        return temp.resolve("out");
    }

    /** Runs a config that must be refused; returns the error line after checking the contract. */
    private String refused(String yaml, String... extraArgs) {
        String[] args = Stream.concat(Stream.of("outrank", "--config", config(yaml).toString()), Stream.of(extraArgs))
                .toArray(String[]::new);
        RunResult result = run(args);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(result.err().lines()).as("one readable line").hasSize(1);
        assertThat(out()).as("no output left behind").doesNotExist();
        return result.firstErrorLine();
    }

    private String config(Path input, String format, String extra) {
        return "input: {path: %s, format: %s}\nlabel: {column: y}\noutput: {path: %s}\n%s\n".formatted(input, format, out(), extra);
    }

    @Test
    void missingInputPath() {
        assertThat(refused(config(temp.resolve("nowhere.csv"), "csv", "")))
                .startsWith("rashomon outrank: error: ")
                .contains("input.path", "nowhere.csv", "does not exist");
    }

    @Test
    void unknownFormat() {
        assertThat(refused(config(file("d.csv", GOOD_CSV), "xls", "")))
                .contains("input.format", "'xls'", "csv, tsv, parquet, orc, json, libsvm, vw");
    }

    @Test
    void labelColumnAbsent() {
        assertThat(refused(config(file("d.csv", GOOD_CSV), "csv", "").replace("column: y", "column: target")))
                .contains("label.column 'target' is not a column", "d.csv", "columns: a, b, y");
    }

    @Test
    void labelWithASingleClass() {
        assertThat(refused(config(file("d.csv", "a,y\n1,yes\n2,yes\n"), "csv", "")))
                .contains("label column 'y' has a single class", "'yes'", "2 rows");
    }

    @Test
    void noFeatureColumnsLeft() {
        assertThat(refused(config(file("d.csv", GOOD_CSV), "csv", "features: {exclude: [a, b]}")))
                .contains("no feature columns left", "features.exclude", "columns: a, b, y");
    }

    @Test
    void emptyFile() {
        assertThat(refused(config(file("empty.csv", ""), "csv", "")))
                .contains("empty.csv", "is empty", "header");
    }

    @Test
    void headerOnly() {
        assertThat(refused(config(file("header.csv", "a,b,y\n"), "csv", "")))
                .contains("header.csv", "has no data rows");
    }

    @Test
    void emptyParquetFolder() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("empty-parquet"));
        spark.range(0).toDF("y").write().mode("overwrite").parquet(folder.toString());
        assertThat(refused(config(folder, "parquet", "features: {include: []}")))
                .contains("empty-parquet");
    }

    @Test
    void rowWithWrongFieldCountFailsByDefault() {
        Path data = file("d.csv", "a,b,y\n1,x,yes\n2,x\n3,z,yes\n4,z,no\n");
        assertThat(refused(config(data, "csv", "")))
                .contains("d.csv line 3: ", "1 bad row", "row has 2 fields, the header has 3", "\"2,x\"", "input.bad_rows: skip");
    }

    @Test
    void rowWithWrongFieldCountIsCountedWhenSkipped() {
        Path data = file("d.csv", "a,b,y\n1,x,yes\n2,x\n3,z,yes\n4,z,no\n5,z,no,extra\n");
        RunResult result = run("outrank", "--config", config(config(data, "csv", "").replace("format: csv}",
                "format: csv, bad_rows: skip}")).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode run = runJson(out());
        assertThat(run.at("/rows/read").asLong()).isEqualTo(5);
        assertThat(run.at("/rows/used").asLong()).isEqualTo(3);
        assertThat(run.at("/bad_rows/count").asLong()).isEqualTo(2);
        assertThat(run.at("/bad_rows/examples/0/record").asText()).isEqualTo("2,x");
        assertThat(run.at("/bad_rows/examples/0/reason").asText()).isEqualTo("row has 2 fields, the header has 3");
        assertThat(run.at("/bad_rows/examples/1/record").asText()).isEqualTo("5,z,no,extra");
        assertThat(run.at("/warnings/0").asText()).contains("2 bad rows skipped");
        assertThat(ranking(out().resolve("feature_ranking"))).allSatisfy(row -> assertThat((long) row.getAs("rows")).isEqualTo(3));
    }

    @Test
    void rejectedRowsAreKeptInTheRejectedTableEveryOneOfThem() {
        Path data = file("d.csv", "a,b,y\n1,x,yes\n2,x\n3,z,yes\n4,z,no\n5,z,no,extra\n6,z,\n7,x,no\n");
        RunResult result = run("outrank", "--config", config(config(data, "csv", "")
                .replace("format: csv}", "format: csv, bad_rows: reject, bad_row_examples: 1}")).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode run = runJson(out());
        assertThat(run.at("/bad_rows/policy").asText()).isEqualTo("reject");
        assertThat(run.at("/bad_rows/count").asLong()).isEqualTo(3);
        assertThat(run.at("/bad_rows/examples")).hasSize(1);
        assertThat(run.at("/warnings/0").asText()).contains("3 bad rows skipped (input.bad_rows: reject)", "rejected table");
        // Every bad row, not only the quoted examples, ordered by file and record.
        List<Row> rejected = spark.read().parquet(out().resolve("rejected").toString())
                .orderBy("file", "record").collectAsList();
        assertThat(rejected).extracting(row -> row.getString(1) + " | " + row.getString(2)).containsExactly(
                "2,x | row has 2 fields, the header has 3",
                "5,z,no,extra | row has 4 fields, the header has 3",
                "6,z, | label column 'y' has no value");
        assertThat(rejected).allSatisfy(row -> assertThat(row.getString(0)).endsWith("d.csv"));
        assertThat(ranking(out().resolve("feature_ranking"))).allSatisfy(row -> assertThat((long) row.getAs("rows")).isEqualTo(4));
    }

    @Test
    void noBadRowsUnderRejectGiveAnEmptyRejectedTable() {
        RunResult result = run("outrank", "--config", config(config(file("d.csv", GOOD_CSV), "csv", "")
                .replace("format: csv}", "format: csv, bad_rows: reject}")).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        Dataset<Row> rejected = spark.read().parquet(out().resolve("rejected").toString());
        assertThat(rejected.count()).isZero();
        assertThat(rejected.columns()).containsExactly("file", "record", "reason");
    }

    @Test
    void rejectIsRefusedWhereNoRejectedTableIsWritten() {
        String compat = config(file("d.csv", GOOD_CSV), "csv", "outrank: {mode: outrank-compat}")
                .replace("format: csv}", "format: csv, bad_rows: reject}");
        assertThat(refused(compat)).contains("config key 'input.bad_rows' must be fail or skip in outrank-compat mode",
                "outrank's exact mode only", "got reject");
    }

    @Test
    void textInADeclaredNumericColumnIsABadRow() {
        Path data = file("d.csv", "a,b,y\n1,x,yes\nten,x,no\n3,z,yes\n");
        assertThat(refused(config(data, "csv", "numeric: {mode: bins, columns: [a]}")))
                .contains("d.csv line 3: ", "column 'a' holds 'ten', which is not a number");
    }

    @Test
    void wrongDelimiterFindsOneColumn() {
        assertThat(refused(config(file("semi.csv", GOOD_CSV.replace(',', ';')), "csv", "")))
                .contains("semi.csv: only one column found in the header with delimiter ','", "it holds ';'",
                        "set options: {delimiter: ';'}", "input.options");
    }

    @Test
    void binaryDataInsteadOfText() {
        assertThat(refused(config(BadFiles.binary(temp.resolve("packed.csv"), GOOD_CSV), "csv", "")))
                .contains("packed.csv does not look like delimited text", "control byte 0x1F at character 1");
    }

    @Test
    void bytesThatAreNotUtf8AreABadRow() {
        Path data = BadFiles.latin1(temp.resolve("latin.csv"), "a,b,y\n1,x,yes\n2,café,no\n3,z,yes\n");
        assertThat(refused(config(data, "csv", "")))
                .contains("latin.csv line 3: ", "column 'b' holds bytes that are not valid UTF-8",
                        "set input.options.encoding, e.g. ISO-8859-1");
    }

    @Test
    void bytesOfAnotherEncodingReadWhenItIsNamed() {
        Path data = BadFiles.latin1(temp.resolve("latin.csv"), "a,b,y\n1,café,yes\n2,café,no\n3,z,yes\n4,z,no\n");
        String yaml = config(data, "csv", "outrank: {exact: {rare_values: true, rare_value_count_upper_bound: 5}}")
                .replace("format: csv}", "format: csv, options: {encoding: ISO-8859-1}}");
        RunResult result = run("outrank", "--config", config(yaml).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(spark.read().parquet(out().resolve("rare_values").toString()).filter("feature = 'b'")
                .select("value").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).contains("café");
    }

    @Test
    void labelWithNoValueInAnyRow() {
        assertThat(refused(config(file("d.csv", "a,y\n1,\n2,\n"), "csv", "")))
                .contains("has 2 bad rows", "d.csv line 2: label column 'y' has no value: \"1,\"");
    }

    @Test
    void duplicateColumnNames() {
        assertThat(refused(config(file("dup.csv", "a,a,y\n1,2,yes\n2,1,no\n"), "csv", "")))
                .contains("dup.csv", "column 'a' appears twice in the header");
    }

    @Test
    void featureNamedInIncludeThatIsNotAColumn() {
        assertThat(refused(config(file("d.csv", GOOD_CSV), "csv", "features: {include: [a, c]}")))
                .contains("features.include names column 'c', which is not a column of input", "d.csv", "columns: a, b, y");
    }

    @Test
    void columnWithEveryValueEmptyIsRankedWithAWarning() {
        RunResult result = run("outrank", "--config", config(config(file("d.csv", "a,b,y\n1,,yes\n2,,no\n3,,yes\n"), "csv", ""))
                .toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(runJson(out()).at("/warnings/0").asText()).isEqualTo("feature 'b' has no value in any row (every cell is missing)");
        Row b = ranking(out().resolve("feature_ranking")).stream().filter(r -> r.getAs("feature").equals("b")).findFirst().orElseThrow();
        assertThat((double) b.getAs("mi")).isZero();
    }

    @Test
    void unknownConfigKey() {
        assertThat(refused(config(file("d.csv", GOOD_CSV), "csv", "").replace("format:", "formt:")))
                .contains("config key 'input.formt' is unknown", "did you mean 'input.format'");
    }

    @Test
    void wrongTypeForAKey() {
        assertThat(refused(config(file("d.csv", GOOD_CSV), "csv", "numeric: {bins: many}")))
                .contains("config key 'numeric.bins' expects an integer", "'many'");
        assertThat(refused(config(file("d.csv", GOOD_CSV), "csv", "features: {exclude: a}")))
                .contains("config key 'features.exclude' expects a list", "got 'a'");
    }

    @Test
    void overrideWithWrongType() {
        assertThat(refused(config(file("d.csv", GOOD_CSV), "csv", ""), "--set", "sample.fraction=half"))
                .contains("config key 'sample.fraction' expects a number", "'half'");
    }

    @Test
    void outputPathThatIsAFile() throws IOException {
        Path existing = file("taken", "keep me");
        String yaml = config(file("d.csv", GOOD_CSV), "csv", "").replace("path: " + out(), "path: " + existing);
        RunResult result = run("outrank", "--config", config(yaml).toString());
        assertThat(result.exitCode()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(result.firstErrorLine()).contains("output.path", "taken", "exists and is a file");
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }

    @Test
    void aRefusedRunLeavesOtherPartitionsIntact() throws IOException {
        Path data = file("d.csv", GOOD_CSV);
        RunResult first = run("outrank", "--config", config(config(data, "csv", "")).toString(),
                "--set", "output.partition.run_date=2026-11-25");
        assertThat(first.exitCode()).as(first.err()).isZero();
        Path previous = out().resolve("feature_ranking/run_date=2026-11-25");
        long filesBefore = countFiles(out());

        RunResult bad = run("outrank", "--config", config(config(data, "csv", "").replace("column: y", "column: nope")).toString(),
                "--set", "output.partition.run_date=2026-11-26");
        assertThat(bad.exitCode()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(out().resolve("feature_ranking/run_date=2026-11-26")).doesNotExist();
        assertThat(out().resolve("run_date=2026-11-26")).doesNotExist();
        assertThat(countFiles(out())).isEqualTo(filesBefore);
        assertThat(ranking(previous)).hasSize(2);
    }

    @Test
    void labelBeyondMaxClasses() {
        Path data = file("d.csv", "a,y\n1,0.5\n2,1.5\n3,2.5\n4,3.5\n");
        assertThat(refused(config(data, "csv", "label: {column: y, max_classes: 3}").replace("label: {column: y}\n", "")))
                .contains("more than label.max_classes=3", "label.threshold");
    }

    @Test
    void labelThatIsNotANumberUnderAThreshold() {
        Path data = file("d.csv", "a,y\n1,0.5\n2,high\n");
        assertThat(refused(config(data, "csv", "label: {column: y, threshold: 1}").replace("label: {column: y}\n", "")))
                .contains("label 'high' is not a number");
    }

    private static long countFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
