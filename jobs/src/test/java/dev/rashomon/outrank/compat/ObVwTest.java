package dev.rashomon.outrank.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * OutRank's ob-vw layout: the data of OutRank's own test vector, written as ob-vw lines that
 * OutRank's parser turns back into the same values (each value behind a two-character prefix that
 * it strips; an empty value as an empty namespace), ranks exactly as OutRank ranked the csv-raw
 * original.
 */
class ObVwTest extends SparkTestBase {

    @Test
    void obVwLinesRankExactlyAsTheirCsvRawOriginal() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("obvw"));
        List<String> header;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                getClass().getResourceAsStream("/outrank-vectors/data20k.csv.gz")), StandardCharsets.ISO_8859_1));
             Writer out = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(folder.resolve("data.vw.gz"))),
                     StandardCharsets.UTF_8)) {
            header = List.of(in.readLine().split(","));
            out.write("this first line is skipped\n");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] fields = PythonCsv.parse(line);
                StringBuilder vw = new StringBuilder(fields[header.indexOf("label")]);
                for (int c = 0; c < header.size(); c++) {
                    if (!header.get(c).equals("label")) {
                        vw.append(" |n").append(c).append(" xx").append(fields[c]);
                    }
                }
                out.write(vw.append('\n').toString());
            }
        }
        List<String> map = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (!header.get(c).equals("label")) {
                map.add("n" + c + "," + header.get(c) + (c % 2 == 0 ? "" : ",generic"));
            }
        }
        map.add("this line is malformed and skipped");
        Files.write(folder.resolve("vw_namespace_map.csv"), map);

        Path out = temp.resolve("out");
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: ob-vw}
                outrank:
                  mode: outrank-compat
                  compat: {subsampling: 1}
                output: {path: %s}
                """.formatted(folder, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        String expected = resource("minr_target/pairwise_ranks.tsv");
        assertThat(OutrankVectorsTest.scores(Files.readString(out.resolve("outrank/pairwise_ranks.tsv")), 2))
                .isEqualTo(OutrankVectorsTest.scores(expected, 2));
        assertThat(Files.readString(out.resolve("outrank/arguments.json"))).contains("\"data_source\": \"ob-vw\"");
    }

    @Test
    void transformersApplyToTheF32Columns() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("f32"));
        StringBuilder vw = new StringBuilder("skipped\n");
        for (int i = 0; i < 3000; i++) {
            int num = (i * 37) % 100;
            vw.append(num < 30 ^ i % 9 == 0 ? 1 : 0).append(" |a xx").append(num).append(" |b xxk").append(i % 4).append('\n');
        }
        try (Writer out = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(folder.resolve("data.vw.gz"))),
                StandardCharsets.UTF_8)) {
            out.write(vw.toString());
        }
        Files.write(folder.resolve("vw_namespace_map.csv"), List.of("a,num,f32", "b,kind,generic"));
        Path out = temp.resolve("out");
        RunResult result = run("outrank", "--config", config("""
                input: {path: %s, format: ob-vw}
                outrank:
                  mode: outrank-compat
                  compat: {subsampling: 1, minibatch_size: 1000, transformers: minimal}
                output: {path: %s}
                """.formatted(folder, out)).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        var scores = OutrankVectorsTest.scores(Files.readString(out.resolve("outrank/pairwise_ranks.tsv")), 2);
        double num = scores.get("num-(100; 100)\tlabel-(2; 100)");
        // log(x+1) is one-to-one: the same partition of every batch, the same score.
        assertThat(scores.get("num_tr_log(x+1)-(100; 100)\tlabel-(2; 100)")).isEqualTo(num);
        assertThat(scores.keySet()).noneMatch(pair -> pair.startsWith("kind_tr_"));
        assertThat(Files.readString(out.resolve("outrank/arguments.json"))).contains("\"transformers\": \"minimal\"");
    }

    private String resource(String name) throws IOException {
        try (var in = getClass().getResourceAsStream("/outrank-vectors/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
