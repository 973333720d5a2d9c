package dev.rashomon.rashomon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rashomon.cli.Rashomon;
import dev.rashomon.rashomon.HandModels.Weights;
import dev.rashomon.testing.BadFiles;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Every bad input exits 2 with one line that names the file, row, model or key, and leaves no output behind. */
class RashomonBadInputTest extends SparkTestBase {
    private static final String ORIGINAL = """
            row_id,model_id,score,label
            1,m1,0.2,0
            1,m2,0.3,0
            2,m1,0.8,1
            2,m2,0.6,1
            """;
    private static final String PERTURBED = """
            row_id,model_id,perturbation,score
            1,m1,x0,0.4
            1,m2,x0,0.3
            2,m1,x0,0.7
            2,m2,x0,0.5
            """;

    private Path out() {
        return temp.resolve("out");
    }

    private String refused(String yaml) {
        RunResult result = run("rashomon", "--config", config(yaml + "output: {path: " + out() + "}\n").toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(Rashomon.BAD_INPUT);
        List<String> lines = result.err().lines().toList();
        assertThat(lines.get(lines.size() - 1)).as("the error ends the output").startsWith("rashomon rashomon: error: ");
        assertThat(lines.stream().filter(l -> l.contains("error"))).as("one readable error line").hasSize(1);
        assertThat(out()).as("no output left behind").doesNotExist();
        return lines.get(lines.size() - 1);
    }

    private String scores(String original, String perturbed, String extra) {
        return refused("""
                predictions: {path: %s, format: csv}
                perturbed: {path: %s, format: csv}
                %s""".formatted(file("p.csv", original), file("q.csv", perturbed), extra));
    }

    @Test
    void theGoodScoresRun() {
        RunResult result = run("rashomon", "--config", config("""
                predictions: {path: %s, format: csv}
                perturbed: {path: %s, format: csv}
                output: {path: %s}
                """.formatted(file("p.csv", ORIGINAL), file("q.csv", PERTURBED), out())).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(out().resolve("_SUCCESS")).exists();
        assertThat(out().resolve("mcr")).exists();
    }

    @Test
    void bothModesOrNeither() {
        assertThat(refused("rashomon: {seed: 1}\n")).contains("models.path", "scores mode");
        assertThat(refused("""
                models: {path: /nowhere}
                input: {path: /nowhere, format: csv}
                predictions: {path: /p, format: csv}
                perturbed: {path: /q, format: csv}
                """)).contains("models.path", "without predictions and perturbed");
    }

    @Test
    void anEnsembleRunWithoutItsSuccessMarkerIsRefused() throws IOException {
        Path run = temp.resolve("ensemble-run");
        Files.createDirectories(run.resolve("pipelines/m1/metadata"));
        Files.createDirectories(run.resolve("models"));
        assertThat(refused("""
                models: {path: %s}
                input: {path: %s, format: csv}
                label: {column: y}
                """.formatted(run, file("d.csv", "a,y\n1,0\n2,1\n"))))
                .contains("models.path " + run, "is an ensemble run", "has no _SUCCESS", "rerun the ensemble job");
    }

    @Test
    void rejectedRowsTableIsRefused() {
        assertThat(refused("""
                models: {path: /nowhere}
                input: {path: /nowhere, format: csv, bad_rows: reject}
                label: {column: y}
                """)).contains("config key 'input.bad_rows' must be fail or skip for the rashomon job", "got reject");
    }

    @Test
    void aScoreOutsideTheUnitInterval() {
        assertThat(scores(ORIGINAL, PERTURBED.replace("2,m2,x0,0.5", "2,m2,x0,1.5"), ""))
                .contains("q.csv", "model 'm2' scores row 2 with '1.5'", "[0, 1]");
    }

    @Test
    void aLabelThatIsNotZeroOrOne() {
        assertThat(scores(ORIGINAL.replace("2,m2,0.6,1", "2,m2,0.6,yes"), PERTURBED, ""))
                .contains("p.csv", "row 2 has label 'yes'");
    }

    @Test
    void twoLabelsForOneRow() {
        assertThat(scores(ORIGINAL.replace("2,m2,0.6,1", "2,m2,0.6,0"), PERTURBED, ""))
                .contains("p.csv", "row 2 has label");
    }

    @Test
    void aRowScoredTwice() {
        assertThat(scores(ORIGINAL, PERTURBED + "2,m2,x0,0.5\n", ""))
                .contains("q.csv", "model 'm2' under perturbation 'x0' scores row 2 2 times",
                        "each (row_id, model_id, perturbation) may appear once");
    }

    @Test
    void aModelMissingUnderAPerturbation() {
        assertThat(scores(ORIGINAL, PERTURBED + "1,m1,x1,0.4\n2,m1,x1,0.4\n", ""))
                .contains("q.csv", "model 'm2' has no scores under perturbation 'x1'");
    }

    @Test
    void aModelMissingARow() {
        assertThat(scores(ORIGINAL.replace("2,m2,0.6,1\n", ""), PERTURBED.replace("2,m2,x0,0.5\n", ""), ""))
                .contains("p.csv", "model 'm2' has no score for row 2 (it scores 1 of the 2 evaluation rows)");
    }

    @Test
    void aPerturbedRowThatIsNotAnEvaluationRow() {
        assertThat(scores(ORIGINAL, PERTURBED.replace("2,m1,x0,0.7", "3,m1,x0,0.7").replace("2,m2,x0,0.5", "3,m2,x0,0.5")
                + "2,m1,x0,0.7\n2,m2,x0,0.5\n", "")).contains("q.csv", "row 3 is not a row of predictions");
    }

    @Test
    void aPerturbedModelWithoutOriginalScores() {
        assertThat(scores(ORIGINAL, PERTURBED + "1,m3,x0,0.5\n", ""))
                .contains("q.csv", "model 'm3', which has no scores on the rows as they are");
    }

    @Test
    void aMissingColumn() {
        assertThat(scores(ORIGINAL, PERTURBED.replace("perturbation", "feature"), ""))
                .contains("q.csv", "has no column 'perturbation'");
    }

    @Test
    void lossesWithoutAModel() {
        assertThat(scores(ORIGINAL, PERTURBED, "losses: {path: %s, format: csv}\n".formatted(file("l.csv",
                "model_id,loss\nm1,0.3\n")))).contains("l.csv", "no line for model 'm2'");
    }

    @Test
    void aPairWithoutTheSeparatorsRightShape() {
        assertThat(scores(ORIGINAL, PERTURBED.replace(",x0,", ",x0|,"), "")).contains("q.csv", "'x0|'");
    }

    @Test
    void nanInfiniteAndNegativeScores() {
        assertThat(scores(ORIGINAL.replace("1,m1,0.2", "1,m1,NaN"), PERTURBED, ""))
                .contains("p.csv", "model 'm1' scores row 1 with 'NaN'", "probabilities of class 1 in [0, 1]");
        assertThat(scores(ORIGINAL.replace("2,m2,0.6", "2,m2,-0.6"), PERTURBED, ""))
                .contains("p.csv", "model 'm2' scores row 2 with '-0.6'");
        assertThat(scores(ORIGINAL, PERTURBED.replace("1,m2,x0,0.3", "1,m2,x0,Infinity"), ""))
                .contains("q.csv", "model 'm2' scores row 1 with 'Infinity'");
        assertThat(scores(ORIGINAL, PERTURBED.replace("2,m1,x0,0.7", "2,m1,x0,-Infinity"), ""))
                .contains("q.csv", "model 'm1' scores row 2 with '-Infinity'");
        assertThat(scores(ORIGINAL, PERTURBED.replace("2,m1,x0,0.7", "2,m1,x0,"), ""))
                .contains("q.csv", "model 'm1' scores row 2 with 'null'");
    }

    /** Several bad lines: the smallest row_id is named, whatever the order or partitioning of the lines. */
    @Test
    void theSmallestBadRowIsNamed() {
        String original = ORIGINAL.replace("2,m1,0.8", "2,m1,NaN") + "0,m1,1.2,0\n0,m2,0.5,0\n";
        String perturbed = PERTURBED + "0,m1,x0,0.4\n0,m2,x0,0.3\n";
        assertThat(scores(original, perturbed, "")).contains("p.csv", "model 'm1' scores row 0 with '1.2'");
        withSqlConf(java.util.Map.of("spark.sql.files.maxPartitionBytes", "24", "spark.sql.files.openCostInBytes", "1"),
                () -> assertThat(scores(original, perturbed, "")).contains("model 'm1' scores row 0 with '1.2'"));
    }

    @Test
    void aRowAndModelPairTwiceInThePredictions() {
        assertThat(scores(ORIGINAL + "1,m1,0.2,0\n", PERTURBED, ""))
                .contains("p.csv", "model 'm1' scores row 1 2 times", "each (row_id, model_id) may appear once");
    }

    @Test
    void anUnknownModelInTheLosses() {
        assertThat(scores(ORIGINAL, PERTURBED, "losses: {path: %s, format: csv}\n".formatted(file("l.csv",
                "model_id,loss\nm1,0.3\nm2,0.4\nm9,0.1\n"))))
                .contains("l.csv", "has a line for model 'm9', which is not in the pool (models: m1, m2)");
    }

    @Test
    void aLossThatIsNaNOrInfinite() {
        assertThat(scores(ORIGINAL, PERTURBED, "losses: {path: %s, format: csv}\n".formatted(file("l.csv",
                "model_id,loss\nm1,0.3\nm2,NaN\n")))).contains("l.csv", "the loss of model 'm2' is 'NaN', not a finite number");
        assertThat(scores(ORIGINAL, PERTURBED, "losses: {path: %s, format: csv}\n".formatted(file("l.csv",
                "model_id,loss\nm1,-Infinity\nm2,0.4\n")))).contains("l.csv", "the loss of model 'm1' is '-Infinity'");
    }

    @Test
    void aRefusedRunLeavesOtherPartitionsIntact() {
        String yaml = """
                predictions: {path: %s, format: csv}
                perturbed: {path: %s, format: csv}
                output: {path: %s}
                """;
        RunResult first = run("rashomon", "--config", config(yaml.formatted(file("p.csv", ORIGINAL), file("q.csv", PERTURBED),
                out())).toString(), "--set", "output.partition.run_date=2026-11-25");
        assertThat(first.exitCode()).as(first.err()).isZero();
        long filesBefore = fileCount(out());
        long mcrRows = spark.read().parquet(out().resolve("mcr/run_date=2026-11-25").toString()).count();
        RunResult bad = run("rashomon", "--config", config(yaml.formatted(file("p.csv", ORIGINAL),
                file("bad.csv", PERTURBED.replace("2,m2,x0,0.5", "2,m2,x0,NaN")), out())).toString(),
                "--set", "output.partition.run_date=2026-11-26");
        assertThat(bad.exitCode()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(bad.firstErrorLine()).contains("bad.csv", "model 'm2' scores row 2 with 'NaN'");
        assertThat(out().resolve("mcr/run_date=2026-11-26")).doesNotExist();
        assertThat(out().resolve("run_date=2026-11-26")).doesNotExist();
        assertThat(fileCount(out())).isEqualTo(filesBefore);
        assertThat(spark.read().parquet(out().resolve("mcr/run_date=2026-11-25").toString()).count()).isEqualTo(mcrRows)
                .isPositive();
    }

    private Path models() {
        Path folder = temp.resolve("models");
        Path data = HandModels.write(temp.resolve("in/rows.csv"), HandModels.rows(50, 3));
        Dataset<Row> schema = spark.read().option("header", "true").csv(data.toString());
        HandModels.save(spark, folder, "a", new Weights(0, 1, 1, 0, 0, 0), schema);
        return folder;
    }

    private String modelsMode(String input, String extra) {
        return refused("""
                models: {path: %s}
                input: {path: %s, format: csv}
                %s""".formatted(models(), input, extra));
    }

    @Test
    void modelsPathThatDoesNotExist() {
        assertThat(refused("models: {path: %s}\ninput: {path: %s, format: csv}\n".formatted(temp.resolve("none"),
                file("r.csv", HandModels.rows(5, 1))))).contains("models.path", "does not exist");
    }

    @Test
    void aModelFolderThatIsNotAModel() {
        Path folder = models();
        file("models/junk/readme.txt", "not a model");
        assertThat(refused("models: {path: %s}\ninput: {path: %s, format: csv}\n".formatted(folder,
                temp.resolve("in/rows.csv")))).contains("junk", "not a saved MLlib model");
    }

    @Test
    void anIncludedModelThatIsNotThere() {
        Path folder = models();
        assertThat(refused("models: {path: %s, include: [b]}\ninput: {path: %s, format: csv}\n".formatted(folder,
                temp.resolve("in/rows.csv")))).contains("models.include names 'b'");
    }

    @Test
    void noLabelColumn() {
        Path input = file("r.csv", HandModels.rows(20, 1).replace(",label\n", ",target\n"));
        assertThat(modelsMode(input.toString(), "")).contains("r.csv", "no label column 'label'");
    }

    @Test
    void aLabelThatIsNotABinaryClass() {
        Path input = file("r.csv", HandModels.rows(20, 1) + "0.1,0.2,a,0.3,maybe\n");
        assertThat(modelsMode(input.toString(), "")).contains("r.csv", "its label 'maybe' is not 0 or 1",
                "label.positive_class");
    }

    @Test
    void aFeatureThatIsNotAColumn() {
        assertThat(modelsMode(file("r.csv", HandModels.rows(20, 1)).toString(), "features: {include: [x9]}\n"))
                .contains("features.include names 'x9'", "r.csv");
    }

    @Test
    void aFeatureWithThePairSeparatorInItsName() {
        Path input = file("r.csv", HandModels.rows(20, 1).replaceFirst("x3", "x|3"));
        assertThat(modelsMode(input.toString(), "")).contains("'x|3'", "names pairs");
    }

    /** Models mode over the evaluation rows at {@code data}, refused. */
    private String evaluation(Path data) {
        return modelsMode(data.toString(), "");
    }

    @Test
    void anInputPathThatDoesNotExist() {
        assertThat(evaluation(temp.resolve("nowhere.csv"))).contains("input.path", "nowhere.csv", "does not exist");
    }

    @Test
    void anEmptyFile() {
        assertThat(evaluation(file("r.csv", ""))).contains("r.csv is empty: expected a header line");
    }

    @Test
    void aHeaderOnly() {
        assertThat(evaluation(file("r.csv", "x0,x1,x2,x3,label\n"))).contains("r.csv has 0 usable rows");
    }

    @Test
    void aWrongDelimiterFindsOneColumn() {
        assertThat(evaluation(file("r.csv", HandModels.rows(20, 1).replace(',', ';'))))
                .contains("r.csv: only one column found in the header with delimiter ','", "set options: {delimiter: ';'}");
    }

    @Test
    void binaryDataInsteadOfText() {
        assertThat(evaluation(BadFiles.binary(temp.resolve("r.csv"), HandModels.rows(20, 1))))
                .contains("r.csv does not look like delimited text", "control byte 0x1F at character 1");
    }

    @Test
    void aRowWithTheWrongFieldCount() {
        String rows = HandModels.rows(20, 1);
        String third = rows.lines().skip(3).findFirst().orElseThrow();
        assertThat(evaluation(file("r.csv", rows.replace(third, third.substring(0, third.lastIndexOf(','))))))
                .contains("r.csv", "its field count differs from the header", "input.bad_rows: skip");
    }

    @Test
    void aRowWithTheWrongFieldCountIsCountedWhenSkipped() {
        String rows = HandModels.rows(20, 1);
        String third = rows.lines().skip(3).findFirst().orElseThrow();
        String cut = third.substring(0, third.lastIndexOf(','));
        RunResult result = run("rashomon", "--config", config("""
                models: {path: %s}
                input: {path: %s, format: csv, bad_rows: skip}
                output: {path: %s}
                """.formatted(models(), file("r.csv", rows.replace(third, cut)), out())).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode run = runJson(out());
        assertThat(run.at("/evaluation/rows").asLong()).isEqualTo(19);
        assertThat(run.at("/evaluation/skipped_rows").asLong()).isEqualTo(1);
        assertThat(run.at("/evaluation/skipped_examples/0").asText())
                .startsWith("its field count differs from the header: " + cut + "; file ").endsWith("r.csv");
        assertThat(run.at("/warnings/0").asText()).contains("1 bad row of input", "skipped (input.bad_rows: skip)");
    }

    @Test
    void bytesThatAreNotUtf8() {
        String rows = HandModels.rows(20, 1);
        String third = rows.lines().skip(3).findFirst().orElseThrow();
        assertThat(evaluation(BadFiles.latin1(temp.resolve("r.csv"), rows.replace(third, "é" + third))))
                .contains("r.csv", "column 'x0' holds bytes that are not valid UTF-8", "input.options.encoding");
    }

    @Test
    void aLabelWithNoValueInAnyRow() {
        assertThat(evaluation(file("r.csv", HandModels.rows(20, 1).replaceAll(",[01]\n", ",\n"))))
                .contains("r.csv", "its label 'null' is missing");
    }

    @Test
    void textInAColumnTheModelsReadAsANumber() {
        String rows = HandModels.rows(20, 1);
        String third = rows.lines().skip(3).findFirst().orElseThrow();
        assertThat(evaluation(file("r.csv", rows.replace(third, "ten" + third.substring(third.indexOf(','))))))
                .contains("the models cannot score a row of input ", "r.csv", "The value 'ten'", "holds text or nothing");
    }

    @Test
    void aColumnTheModelsReadWithEveryValueEmpty() {
        List<String> lines = HandModels.rows(20, 1).lines().toList();
        String emptyX0 = lines.get(0) + "\n" + lines.stream().skip(1).map(l -> l.substring(l.indexOf(',')))
                .collect(java.util.stream.Collectors.joining("\n")) + "\n";
        assertThat(evaluation(file("r.csv", emptyX0)))
                .contains("the models cannot score a row of input ", "r.csv", "Encountered null while assembling a row");
    }

    @Test
    void aModelThatCannotScoreTheRows() {
        Path input = file("r.csv", HandModels.rows(20, 1).replaceFirst("x1", "y1"));
        assertThat(modelsMode(input.toString(), "")).contains("model 'a' cannot score the evaluation rows");
    }

    @Test
    void aProbabilityColumnTheModelsDoNotWrite() {
        Path folder = models();
        assertThat(refused("models: {path: %s, probability_column: p}\ninput: {path: %s, format: csv}\n".formatted(
                folder, temp.resolve("in/rows.csv")))).contains("model 'a' has no output column 'p'");
    }
}
