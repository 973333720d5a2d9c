package dev.rashomon.multiplicity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.cli.Rashomon;
import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every bad input the issue lists exits 2 with one line that names the row and model (or key), and
 * leaves no output behind.
 */
class MultiplicityBadInputTest extends SparkTestBase {
    private static final String LOSSES = "model_id,loss\nm1,0.3\nm2,0.4\n";
    private static final String LONG = """
            row_id,model_id,score,label
            1,m1,0.2,0
            1,m2,0.3,0
            2,m1,0.8,1
            2,m2,0.6,1
            """;

    private Path out() {
        return temp.resolve("out");
    }

    private String refused(String predictions, String losses, String layout, String extra) {
        String lossesKey = losses == null ? "" : "losses: {path: %s, format: csv}\n".formatted(file("l.csv", losses));
        RunResult result = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: csv, layout: %s}
                %smultiplicity: {epsilon: [0, 0.1]%s}
                output: {path: %s}
                """.formatted(file("p.csv", predictions), layout, lossesKey, extra, out())).toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(Rashomon.BAD_INPUT);
        assertThat(result.err().lines()).as("one readable line").hasSize(1);
        assertThat(out()).as("no output left behind").doesNotExist();
        return result.firstErrorLine();
    }

    @Test
    void theGoodInputRuns() {
        RunResult result = run("multiplicity", "--config", config("""
                predictions: {path: %s, format: csv, layout: long}
                losses: {path: %s, format: csv}
                output: {path: %s}
                """.formatted(file("p.csv", LONG), file("l.csv", LOSSES), out())).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(out().resolve("_SUCCESS")).exists();
    }

    @Test
    void predictionsWithAHeaderOnly() {
        assertThat(refused("row_id,model_id,score,label\n", LOSSES, "long", ""))
                .contains("p.csv", "no rows");
    }

    @Test
    void aScoreOutsideTheUnitInterval() {
        assertThat(refused(LONG.replace("2,m2,0.6", "2,m2,1.2"), LOSSES, "long", ""))
                .startsWith("rashomon multiplicity: error: ")
                .contains("model 'm2' scores row 2 with 1.2, outside [0, 1]", "p.csv");
    }

    @Test
    void aNaNScore() {
        assertThat(refused(LONG.replace("1,m1,0.2", "1,m1,NaN"), LOSSES, "long", ""))
                .contains("model 'm1' scores row 1 with 'NaN', not a number");
    }

    @Test
    void aWideScoreOutsideTheUnitIntervalNamesTheModelByItsLoss() {
        String wide = "row_id,label,scores\n1,0,\"[0.2, 0.3]\"\n2,1,\"[0.8, -0.1]\"\n";
        assertThat(refused(wide, LOSSES, "wide", "")).contains("model 'm2' scores row 2 with -0.1, outside [0, 1]");
    }

    @Test
    void aModelWithoutALoss() {
        assertThat(refused(LONG + "1,m3,0.5,0\n2,m3,0.5,1\n", LOSSES, "long", ""))
                .contains("model 'm3'", "has no loss in losses", "l.csv");
    }

    @Test
    void aRowAndModelPairTwice() {
        assertThat(refused(LONG + "2,m1,0.7,1\n", LOSSES, "long", "")).contains("row 2 has two scores from model 'm1'");
    }

    @Test
    void aRowMissingForSomeModels() {
        assertThat(refused(LONG.replace("2,m2,0.6,1\n", ""), LOSSES, "long", ""))
                .contains("row 2 has no score from model 'm2'", "every row needs a score from every model");
    }

    @Test
    void aWideRowWithTooFewScores() {
        String wide = "row_id,label,scores\n1,0,\"[0.2, 0.3]\"\n2,1,\"[0.8]\"\n";
        assertThat(refused(wide, LOSSES, "wide", "")).contains("row 2 has 1 scores; the losses name 2 models");
        assertThat(refused(wide, null, "wide", "")).contains("row 2 has scores from 1 models, row 1 from 2");
    }

    @Test
    void aWideRowTwice() {
        String wide = "row_id,label,scores\n1,0,\"[0.2, 0.3]\"\n2,1,\"[0.8, 0.6]\"\n1,0,\"[0.2, 0.3]\"\n";
        assertThat(refused(wide, LOSSES, "wide", "")).contains("row 1 appears 2 times");
    }

    @Test
    void groupsFromWithARowTwice() {
        Path groups = file("g.csv", "row_id,sex\n1,f\n2,m\n2,f\n");
        assertThat(refused(LONG, LOSSES, "long", ", groups: [sex], groups_from: {path: %s, format: csv}".formatted(groups)))
                .contains("multiplicity.groups_from", "g.csv has row_id 2 2 times");
    }

    @Test
    void aNegativeEpsilon() {
        assertThat(refused(LONG, LOSSES, "long", ", epsilon: [0.01, -0.02]"))
                .contains("multiplicity.epsilon", "≥ 0", "empty Rashomon set");
    }

    @Test
    void labelsThatAreNotZeroOrOne() {
        assertThat(refused(LONG.replace("2,m1,0.8,1", "2,m1,0.8,2").replace("2,m2,0.6,1", "2,m2,0.6,2"), LOSSES, "long", ""))
                .contains("row 2 has label '2'; binary scores need labels 0 or 1");
    }

    @Test
    void labelsThatDisagreeBetweenLines() {
        assertThat(refused(LONG.replace("2,m2,0.6,1", "2,m2,0.6,0"), LOSSES, "long", ""))
                .contains("row 2 has label");
    }

    @Test
    void anUnknownReference() {
        assertThat(refused(LONG, LOSSES, "long", ", reference: m9"))
                .contains("multiplicity.reference 'm9' is not a model", "models: m1, m2");
    }

    @Test
    void aMissingColumn() {
        assertThat(refused(LONG.replace("model_id", "model"), LOSSES, "long", ""))
                .contains("has no column 'model_id'", "columns: row_id, model, score, label");
    }

    @Test
    void aLossThatIsNotANumber() {
        assertThat(refused(LONG, "model_id,loss\nm1,0.3\nm2,high\n", "long", ""))
                .contains("the loss of model 'm2' is 'high'");
    }

    @Test
    void classProbabilitiesThatDoNotSumToOne() {
        String multiclass = """
                row_id,model_id,class,score,label
                1,m1,0,0.5,0
                1,m1,1,0.5,0
                1,m2,0,0.5,0
                1,m2,1,0.4,0
                """;
        assertThat(refused(multiclass, LOSSES, "long", "")).contains("class probabilities of model 'm2' for row 1 sum to 0.9");
    }

    @Test
    void anUnknownGroupColumn() {
        assertThat(refused(LONG, LOSSES, "long", ", groups: [sex]"))
                .contains("multiplicity.groups names column 'sex'", "groups_from");
    }
}
