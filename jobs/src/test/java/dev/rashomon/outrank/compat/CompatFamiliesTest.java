package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OutRank's feature families in compatible mode, built per batch: multivalue indicators and
 * subfeatures score exactly as the same columns written out in the file do, and the noise
 * baselines are there.
 */
class CompatFamiliesTest extends SparkTestBase {
    private static final int ROWS = 2500;
    private static final String[] TAGS = {"\"a,b\"", "b", "c-a", "b-c", "a"};

    private Map<String, Double> rank(Path folder, String compat) throws IOException {
        Path out = temp.resolve("out" + System.nanoTime());
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: csv-raw}
                outrank:
                  mode: outrank-compat
                  compat: %s
                output: {path: %s}
                """.formatted(folder, compat, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return OutrankVectorsTest.scores(Files.readString(out.resolve("outrank/pairwise_ranks.tsv")), 2);
    }

    @Test
    void perBatchColumnsScoreAsTheSameColumnsWrittenOut() throws IOException {
        StringBuilder derived = new StringBuilder("tags,x,grp,label\n");
        StringBuilder written = new StringBuilder("tags,x,grp,label,MULTIEX-tags-a,MULTIEX-tags-b,MULTIEX-tags-c,"
                + "SUBFEATURE-x&g1,SUBFEATURE-x&g2\n");
        for (int i = 0; i < ROWS; i++) {
            String tags = TAGS[i % 5];
            String plain = tags.replace("\"", "");
            int x = (i * 7) % 5;
            String grp = i % 3 == 0 ? "g1" : "g2";
            int label = (plain.contains("a") ^ (i % 11 == 0)) ? 1 : 0;
            String row = tags + "," + x + "," + grp + "," + label;
            derived.append(row).append('\n');
            written.append(row)
                    .append(',').append(plain.contains("a") ? "1" : "")
                    .append(',').append(plain.contains("b") ? "1" : "")
                    .append(',').append(plain.contains("c") ? "1" : "")
                    .append(',').append(grp.equals("g1") ? x + "ANDg1" : "")
                    .append(',').append(grp.equals("g2") ? x + "ANDg2" : "").append('\n');
        }
        Path derivedFolder = Files.createDirectories(temp.resolve("derived"));
        Files.writeString(derivedFolder.resolve("data.csv"), derived);
        Path writtenFolder = Files.createDirectories(temp.resolve("written"));
        Files.writeString(writtenFolder.resolve("data.csv"), written);

        Map<String, Double> fromBatches = rank(derivedFolder, "{subsampling: 1, minibatch_size: 1000, "
                + "explode_multivalue_features: [tags], subfeature_mapping: ['x->grp']}");
        Map<String, Double> fromFile = rank(writtenFolder, "{subsampling: 1, minibatch_size: 1000}");
        assertThat(fromBatches).isEqualTo(fromFile);
        assertThat(fromBatches.keySet()).anyMatch(pair -> pair.startsWith("MULTIEX-tags-a-(1; 60)\tlabel-"));
    }

    @Test
    void noiseBaselinesAreAddedPerBatch() throws IOException {
        StringBuilder csv = new StringBuilder("x,label\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append(i % 7).append(',').append(i % 2).append('\n');
        }
        Path folder = Files.createDirectories(temp.resolve("noise"));
        Files.writeString(folder.resolve("data.csv"), csv);
        Map<String, Double> scores = rank(folder, "{subsampling: 1, minibatch_size: 1000, include_noise_baseline_features: true}");
        for (String control : new String[] {"CONTROL-constant0", "CONTROL-gaussian", "CONTROL-random-card50k", "CONTROL-target",
            "CONTROL-volume"}) {
            assertThat(scores.keySet()).as(control).anyMatch(pair -> pair.startsWith(control + "-("));
        }
        // The copy of the label is the label: its score is H(label), the label's own.
        double labelSelf = scores.entrySet().stream().filter(e -> e.getKey().startsWith("label-") && e.getKey().contains("\tlabel-"))
                .findFirst().orElseThrow().getValue();
        double target = scores.entrySet().stream().filter(e -> e.getKey().startsWith("CONTROL-target-"))
                .findFirst().orElseThrow().getValue();
        assertThat(target).isEqualTo(labelSelf);
    }
}
