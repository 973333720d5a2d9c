package dev.rashomon.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rashomon.cli.Rashomon;
import dev.rashomon.testing.BadFiles;
import dev.rashomon.testing.SparkTestBase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Bad config and bad input exit 2 with one readable line that names the key, column, value, row
 * or file, and leave no output folder behind.
 */
class EnsembleBadInputTest extends SparkTestBase {
    private static final String SMALL_POOL = """
            ensemble:
              positive_class: bad
              families: [logistic_regression]
              logistic_regression: {reg_param: [0.1], elastic_net_param: [0.0], max_iter: 5}
            """;

    private Path out() {
        return temp.resolve("out");
    }

    private String german(String extra) {
        return """
                input: {path: %s, format: csv}
                label: {column: class}
                numeric: {columns: [duration, credit_amount, age]}
                output: {path: %s}
                %s
                """.formatted(sample("german_credit.csv.gz"), out(), extra);
    }

    /** Runs a config that must be refused; returns the error line after checking the contract. */
    private String refused(String yaml) {
        RunResult result = run("ensemble", "--config", config(yaml).toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(result.err().lines()).as("one readable line").hasSize(1);
        assertThat(out()).as("no output left behind").doesNotExist();
        return result.firstErrorLine();
    }

    /** The German-credit file with its first {@code rows} data lines, one of them replaced. */
    private Path germanWith(int rows, int replacedRow, String replacement) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(sample("german_credit.csv.gz"))), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null && lines.size() <= rows; line = reader.readLine()) {
                lines.add(line);
            }
        }
        lines.set(replacedRow, replacement);
        return file("german.csv", String.join("\n", lines) + "\n");
    }

    @Test
    void rejectedRowsTableIsRefused() {
        assertThat(refused(german("ensemble: {families: [logistic_regression]}").replace("format: csv}",
                "format: csv, bad_rows: reject}")))
                .contains("config key 'input.bad_rows' must be fail or skip for the ensemble job", "got reject");
    }

    @Test
    void labelThatIsNotZeroOrOneWithoutPositiveClass() {
        assertThat(refused(german("ensemble: {families: [logistic_regression]}")))
                .startsWith("rashomon ensemble: error: ")
                .contains("label column 'class' holds 'good' at row 1 of ", "german_credit.csv.gz",
                        "; set ensemble.positive_class or label.threshold");
    }

    @Test
    void labelColumnThatDoesNotExist() {
        assertThat(refused(german(SMALL_POOL).replace("column: class", "column: target")))
                .contains("label.column 'target' is not a column of input", "german_credit.csv.gz", "columns: checking_status");
    }

    @Test
    void keepColumnThatDoesNotExist() {
        assertThat(refused(german(SMALL_POOL + "  keep_columns: [gender]\n")))
                .contains("ensemble.keep_columns names column 'gender', which is not a column of input");
    }

    @Test
    void keepColumnThatClashesWithAnOutputColumn() {
        Path data = file("d.csv", "score,x,y\n1,a,0\n2,b,1\n");
        assertThat(refused("input: {path: %s, format: csv}\nlabel: {column: y}\nensemble: {keep_columns: [score]}\noutput: {path: %s}\n"
                .formatted(data, out())))
                .contains("ensemble.keep_columns names 'score', which the predictions table has already");
    }

    @Test
    void duplicateRowIds() {
        StringBuilder csv = new StringBuilder("id,x,y\n");
        for (int i = 1; i <= 40; i++) {
            csv.append(i == 17 ? 5 : i).append(',').append(i % 3).append(',').append(i % 2).append('\n');
        }
        Path data = file("d.csv", csv.toString());
        assertThat(refused("input: {path: %s, format: csv}\nlabel: {column: y}\nensemble: {row_id: id}\noutput: {path: %s}\n"
                .formatted(data, out())))
                .contains("ensemble.row_id column 'id' holds 5 in 2 rows (first at row 5 of ", "d.csv", "row ids must be unique");
    }

    @Test
    void rowIdThatIsNotAnInteger() {
        Path data = file("d.csv", "id,x,y\n1,a,0\nseven,b,1\n3,c,0\n");
        assertThat(refused("input: {path: %s, format: csv}\nlabel: {column: y}\nensemble: {row_id: id}\noutput: {path: %s}\n"
                .formatted(data, out())))
                .contains("ensemble.row_id column 'id' holds 'seven', which is not an integer at row 2 of ", "d.csv");
    }

    @Test
    void selectionFractionOutsideZeroOne() {
        assertThat(refused(german(SMALL_POOL + "  selection_fraction: 1.5\n")))
                .contains("config key 'ensemble.selection_fraction' must be in (0, 1), got 1.5");
    }

    @Test
    void emptyGridList() {
        assertThat(refused(german(SMALL_POOL.replace("reg_param: [0.1]", "reg_param: []"))))
                .contains("config key 'ensemble.logistic_regression.reg_param' must be a non-empty list", "got []");
    }

    @Test
    void gridValueOutOfRange() {
        assertThat(refused(german(SMALL_POOL.replace("elastic_net_param: [0.0]", "elastic_net_param: [0.0, 2]"))))
                .contains("config key 'ensemble.logistic_regression.elastic_net_param' must be a list of numbers in [0, 1], got 2.0");
    }

    @Test
    void libsvmInput() {
        assertThat(refused(german(SMALL_POOL).replace("format: csv", "format: libsvm")))
                .contains("config key 'input.format' must be a table format for the ensemble job", "got libsvm");
    }

    @Test
    void unknownFamily() {
        assertThat(refused(german(SMALL_POOL.replace("[logistic_regression]", "[logistic_regression, svm]"))))
                .contains("config key 'ensemble.families' must be a list of logistic_regression, factorization_machines, "
                        + "random_forest, gbt, got 'svm'");
    }

    @Test
    void unknownKeyInAFamilyBlock() {
        assertThat(refused(german(SMALL_POOL.replace("max_iter: 5", "max_iters: 5"))))
                .contains("config key 'ensemble.logistic_regression.max_iters' is unknown",
                        "did you mean 'ensemble.logistic_regression.max_iter'");
    }

    @Test
    void thresholdAndPositiveClassTogether() {
        assertThat(refused(german(SMALL_POOL).replace("column: class}", "column: class, threshold: 1}")))
                .contains("config key 'ensemble.positive_class' must be unset when label.threshold is set");
    }

    @Test
    void positiveClassThatMatchesNoRow() {
        assertThat(refused(german(SMALL_POOL.replace("positive_class: bad", "positive_class: Bad"))))
                .contains("label column 'class' has a single class in the training split", "all 703 rows are 0",
                        "ensemble.positive_class 'Bad' matches no row");
    }

    @Test
    void textInANumericColumnFailsByDefault() throws IOException {
        String row = "<0,6,critical/other existing credit,radio/tv,1169,no known savings,>=7,4,male single,none,4,"
                + "real estate,sixty-seven,none,own,2,skilled,1,yes,yes,good";
        Path data = germanWith(200, 3, row);
        assertThat(refused(german(SMALL_POOL).replace(sample("german_credit.csv.gz").toString(), data.toString())))
                .contains("column 'age' holds 'sixty-seven', which is not a number (numeric.columns) at row 3 of ", "german.csv",
                        "1 bad row in input", "input.bad_rows: skip");
    }

    @Test
    void textInANumericColumnIsCountedWhenSkipped() throws IOException {
        String row = "<0,6,critical/other existing credit,radio/tv,1169,no known savings,>=7,4,male single,none,4,"
                + "real estate,sixty-seven,none,own,2,skilled,1,yes,yes,good";
        Path data = germanWith(200, 3, row);
        String yaml = german(SMALL_POOL).replace(sample("german_credit.csv.gz").toString(), data.toString())
                .replace("format: csv}", "format: csv, bad_rows: skip}");
        RunResult result = run("ensemble", "--config", config(yaml).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode run = runJson(out());
        assertThat(run.at("/rows/read").asLong()).isEqualTo(200);
        assertThat(run.at("/rows/bad").asLong()).isEqualTo(1);
        assertThat(run.at("/rows/used").asLong()).isEqualTo(199);
        assertThat(run.at("/bad_rows/examples/0/row").asLong()).isEqualTo(3);
        assertThat(run.at("/bad_rows/examples/0/reason").asText()).contains("'sixty-seven', which is not a number");
        assertThat(run.at("/bad_rows/examples/0/record").asText()).contains("sixty-seven");
        assertThat(run.at("/warnings/0").asText()).contains("1 bad row of 200 skipped");
        long predictions = spark.read().parquet(out().resolve("predictions").toString()).count();
        assertThat(predictions).isEqualTo(run.at("/rows/selection").asLong());
        assertThat(spark.read().parquet(out().resolve("predictions").toString()).filter("row_id = 2").count())
                .as("the skipped row (position 2) has no prediction").isZero();
    }

    /** 40 rows: x a number, c a category, y 0/1. */
    private static String small() {
        StringBuilder csv = new StringBuilder("x,c,y\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i * 0.5).append(',').append("pqr".charAt(i % 3)).append(',').append(i % 2).append('\n');
        }
        return csv.toString();
    }

    private String smallConfig(Path data, String extra) {
        return """
                input: {path: %s, format: csv}
                label: {column: y}
                numeric: {columns: [x]}
                ensemble: {families: [logistic_regression], logistic_regression: {reg_param: [0.1], elastic_net_param: [0.0], max_iter: 5}}
                output: {path: %s}
                %s
                """.formatted(data, out(), extra);
    }

    @Test
    void inputPathThatDoesNotExist() {
        assertThat(refused(smallConfig(temp.resolve("nowhere.csv"), ""))).contains("input.path", "nowhere.csv", "does not exist");
    }

    @Test
    void emptyFile() {
        assertThat(refused(smallConfig(file("empty.csv", ""), ""))).contains("empty.csv is empty: expected a header line");
    }

    @Test
    void headerOnly() {
        assertThat(refused(smallConfig(file("header.csv", "x,c,y\n"), ""))).contains("header.csv has no data rows");
    }

    @Test
    void wrongDelimiterFindsOneColumn() {
        assertThat(refused(smallConfig(file("semi.csv", small().replace(',', ';')), "")))
                .contains("semi.csv: only one column found in the header with delimiter ','", "set options: {delimiter: ';'}");
    }

    @Test
    void binaryDataInsteadOfText() {
        assertThat(refused(smallConfig(BadFiles.binary(temp.resolve("packed.csv"), small()), "")))
                .contains("packed.csv does not look like delimited text", "control byte 0x1F at character 1");
    }

    @Test
    void rowWithWrongFieldCountFailsNamingItsRow() {
        assertThat(refused(smallConfig(file("d.csv", small().replace("\n1.0,r,0\n", "\n1.0,r\n")), "")))
                .contains("row's fields do not match the header's 3 columns at row 3 of ", "d.csv", "1 bad row",
                        "input.bad_rows: skip");
    }

    @Test
    void bytesThatAreNotUtf8AreABadRow() {
        Path data = BadFiles.latin1(temp.resolve("latin.csv"), small().replace("\n1.0,r,0\n", "\n1.0,ré,0\n"));
        assertThat(refused(smallConfig(data, "")))
                .contains("column 'c' holds bytes that are not valid UTF-8", "at row 3 of ", "latin.csv",
                        "input.options.encoding");
    }

    @Test
    void labelWithNoValueInAnyRow() {
        assertThat(refused(smallConfig(file("d.csv", small().replaceAll(",[01]\n", ",\n")), "")))
                .contains("label column 'y' has no value at row 1 of ", "d.csv", "40 bad rows");
    }

    @Test
    void duplicateColumnNames() {
        assertThat(refused(smallConfig(file("dup.csv", small().replaceFirst("x,c,y", "x,x,y")), "")))
                .contains("dup.csv", "column 'x' appears twice in the header");
    }

    @Test
    void featureNamedInIncludeThatIsNotAColumn() {
        assertThat(refused(smallConfig(file("d.csv", small()), "features: {include: [x, z]}")))
                .contains("features.include names column 'z', which is not a column of input", "d.csv");
    }

    @Test
    void categoricalColumnWithEveryValueEmptyTrains() {
        RunResult result = run("ensemble", "--config", config(smallConfig(file("d.csv", small().replaceAll(",[pqr],", ",,")),
                "")).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(runJson(out()).at("/input/categorical_features/0").asText()).isEqualTo("c");
        assertThat(runJson(out()).at("/rows/used").asLong()).isEqualTo(40);
    }

    @Test
    void missingLabel() throws IOException {
        String row = "<0,6,critical/other existing credit,radio/tv,1169,no known savings,>=7,4,male single,none,4,"
                + "real estate,67,none,own,2,skilled,1,yes,yes,";
        Path data = germanWith(100, 2, row);
        assertThat(refused(german(SMALL_POOL).replace(sample("german_credit.csv.gz").toString(), data.toString())))
                .contains("label column 'class' has no value at row 2 of ", "german.csv");
    }
}
