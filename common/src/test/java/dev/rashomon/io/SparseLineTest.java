package dev.rashomon.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SparseLineTest {

    @Test
    void libsvmLineKeepsLabelAndFeaturesInOrder() {
        SparseLine line = SparseLine.libsvm("+1 10:0.5 3:2 7:-1e-3   # written by hand");
        assertThat(line.label()).isEqualTo("+1");
        assertThat(line.names()).containsExactly("10", "3", "7");
        assertThat(line.values()).containsExactly("0.5", "2", "-1e-3");
    }

    @Test
    void libsvmLineWithOnlyALabel() {
        SparseLine line = SparseLine.libsvm("0");
        assertThat(line).isEqualTo(new SparseLine("0", List.of(), List.of()));
    }

    @Test
    void libsvmBlankAndCommentLinesAreSkipped() {
        assertThat(SparseLine.libsvm("")).isNull();
        assertThat(SparseLine.libsvm("   \t")).isNull();
        assertThat(SparseLine.libsvm("# header comment")).isNull();
    }

    @Test
    void libsvmTokenWithoutColonIsRejectedByName() {
        assertThatThrownBy(() -> SparseLine.libsvm("1 3:0.5 7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'7'");
        assertThatThrownBy(() -> SparseLine.libsvm("1 :0.5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("':0.5'");
        assertThatThrownBy(() -> SparseLine.libsvm("1 4:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'4:'");
    }

    @Test
    void libsvmNonNumericValueIsRejectedByName() {
        assertThatThrownBy(() -> SparseLine.libsvm("1 3:abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'3:abc'")
                .hasMessageContaining("not a number");
    }

    @Test
    void vwNamespacesPrefixFeatureNames() {
        SparseLine line = SparseLine.vowpalWabbit("1 |a x:2 y |b z");
        assertThat(line.label()).isEqualTo("1");
        assertThat(line.names()).containsExactly("a^x", "a^y", "b^z");
        assertThat(line.values()).containsExactly("2", "1", "1");   // a feature without ':' has value 1
    }

    @Test
    void vwDefaultNamespaceLeavesNamesBare() {
        SparseLine line = SparseLine.vowpalWabbit("0 | f:3 g");
        assertThat(line.names()).containsExactly("f", "g");
        assertThat(line.values()).containsExactly("3", "1");
    }

    @Test
    void vwNamespaceWeightIsNotPartOfTheName() {
        SparseLine line = SparseLine.vowpalWabbit("1 |ns:0.5 t u:4");
        assertThat(line.names()).containsExactly("ns^t", "ns^u");
        assertThat(line.values()).containsExactly("1", "4");
    }

    @Test
    void vwImportanceAndTagAreIgnored() {
        SparseLine line = SparseLine.vowpalWabbit("-1 0.25 'example_42 |a x:1.5");
        assertThat(line.label()).isEqualTo("-1");
        assertThat(line.names()).containsExactly("a^x");
        assertThat(line.values()).containsExactly("1.5");
        // VW's own example: a tag written right against the bar, then namespace MetricFeatures
        SparseLine documented = SparseLine.vowpalWabbit("1 1.0 zebra|MetricFeatures:3.28 height:1.5 length:2.0");
        assertThat(documented.names()).containsExactly("MetricFeatures^height", "MetricFeatures^length");
        assertThat(documented.values()).containsExactly("1.5", "2.0");
    }

    @Test
    void vwBlankLineIsSkipped() {
        assertThat(SparseLine.vowpalWabbit("  ")).isNull();
    }

    @Test
    void vwLineWithoutBarOrLabelIsRejected() {
        assertThatThrownBy(() -> SparseLine.vowpalWabbit("1 x:2 y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label |namespace");
        assertThatThrownBy(() -> SparseLine.vowpalWabbit("|a x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label |namespace");
    }

    @Test
    void vwNonNumericValueIsRejectedByName() {
        assertThatThrownBy(() -> SparseLine.vowpalWabbit("1 |a x:abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x:abc'");
    }
}
