package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rashomon.info.ContingencyStatistics;
import dev.rashomon.testing.SparkTestBase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every input format gives the ranking its content implies: the bank data written as Parquet,
 * ORC, JSON lines, TSV, plain and gzipped CSV ranks exactly as the original gzipped CSV; VW lines
 * generated from it rank their features as the CSV does; the LibSVM mushroom data ranks as a
 * direct MI sum over its 2×2 tables computed here.
 */
class InputFormatsTest extends SparkTestBase {
    private static List<Row> csvRanking;

    @BeforeAll
    static void rankTheGzippedCsv(@org.junit.jupiter.api.io.TempDir Path dir) {
        csvRanking = rank(sample("bank_marketing.csv.gz"), "csv", "", dir.resolve("csv"));
        assertThat(csvRanking).hasSize(16);
    }

    @Test
    void parquetOrcJsonTsvAndPlainCsvRankLikeTheGzippedCsv() {
        Dataset<Row> bank = bankRows().coalesce(2);
        Map<String, Path> written = new HashMap<>();
        written.put("parquet", temp.resolve("bank.parquet"));
        bank.write().parquet(written.get("parquet").toString());
        written.put("orc", temp.resolve("bank.orc"));
        bank.write().orc(written.get("orc").toString());
        written.put("json", temp.resolve("bank.json"));
        bank.write().json(written.get("json").toString());
        written.put("tsv", temp.resolve("bank.tsv"));
        bank.write().option("header", "true").option("delimiter", "\t").csv(written.get("tsv").toString());
        written.put("csv", temp.resolve("bank.csv"));
        bank.write().option("header", "true").csv(written.get("csv").toString());

        written.forEach((format, path) ->
                assertThat(rank(path, format, "", temp.resolve("out-" + format))).as(format).isEqualTo(csvRanking));
    }

    @Test
    void vowpalWabbitFeaturesRankLikeTheCsvColumns() throws IOException {
        List<String> numeric = List.of("age", "balance", "day", "duration", "campaign", "pdays", "previous");
        List<String> lines = new ArrayList<>();
        for (Row row : bankRows().collectAsList()) {
            StringBuilder line = new StringBuilder(row.<String>getAs("y")).append(" 1.0 'tag|");
            for (String column : numeric) {
                line.append(' ').append(column).append(':').append(row.<String>getAs(column));
            }
            lines.add(line.toString());
        }
        Path vw = temp.resolve("bank.vw");
        Files.write(vw, lines);

        List<Row> vwRanking = rank(vw, "vw", "", temp.resolve("out-vw"));
        List<Row> csvNumeric = rank(sample("bank_marketing.csv.gz"), "csv",
                "features: {include: [" + String.join(", ", numeric) + "]}", temp.resolve("out-csv-numeric"));
        assertThat(vwRanking).hasSize(numeric.size()).isEqualTo(csvNumeric);
    }

    @Test
    void libsvmFeaturesMatchADirectMutualInformationSum() throws IOException {
        Path file = sample("agaricus_mushroom.train.libsvm.gz");
        // Independent reference: parse the file here, build each feature's present/absent × label
        // table and sum n/N·ln(N·n/(n_v·n_c)) over its cells.
        List<String> labels = new ArrayList<>();
        List<Set<String>> present = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] tokens = line.trim().split("\\s+");
                labels.add(tokens[0]);
                Set<String> features = new HashSet<>();
                for (int i = 1; i < tokens.length; i++) {
                    features.add(tokens[i].substring(0, tokens[i].indexOf(':')));
                }
                present.add(features);
            }
        }
        Set<String> allFeatures = new HashSet<>();
        present.forEach(allFeatures::addAll);

        List<Row> ranking = rank(file, "libsvm", "", temp.resolve("out-libsvm"));
        assertThat(ranking).hasSize(allFeatures.size());
        assertThat(allFeatures).hasSizeGreaterThan(100);
        for (Row row : ranking) {
            String feature = row.getAs("feature");
            long[][] table = new long[2][2];
            for (int r = 0; r < labels.size(); r++) {
                table[present.get(r).contains(feature) ? 1 : 0][labels.get(r).equals("1") ? 1 : 0]++;
            }
            double expectedMi = ContingencyStatistics.mutualInformationOfTable(table);
            assertThat((double) row.getAs("mi")).as("mi of %s", feature).isCloseTo(expectedMi, within(1e-12));
            assertThat((double) row.getAs("coverage")).isEqualTo((double) (table[1][0] + table[1][1]) / labels.size());
            assertThat((long) row.getAs("cardinality")).isEqualTo(1L);
            assertThat((String) row.getAs("top_value")).isEqualTo("1");
        }
    }

    private static List<Row> rank(Path input, String format, String extra, Path out) {
        Path config = out.resolveSibling(out.getFileName() + ".yaml");
        try {
            Files.createDirectories(out.getParent());
            Files.writeString(config, """
                    input: {path: %s, format: %s}
                    label: {column: %s}
                    output: {path: %s}
                    %s
                    """.formatted(input, format, format.equals("vw") || format.equals("libsvm") ? "label" : "y", out, extra));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RunResult result = run("outrank", "--config", config.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        return ranking(out.resolve("feature_ranking"));
    }
}
