package dev.rashomon.query;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Every {@code submit/rashomon sql} line of the README's "Querying outputs" section, run on
 * outputs made here under the same names (out/outrank-bank, out/multiplicity-german, …), each
 * result checked against the tables read directly. The German pool is smaller than the example's,
 * so only the bank ranking's printed output is compared with the README's text.
 */
class QueryExamplesTest extends SparkTestBase {
    private static final Pattern COMMAND = Pattern.compile("^submit/rashomon sql \"([^\"]+)\" (.+)$");

    private record Example(String sql, List<String> args, String readmeOutput) {
    }

    /** The sql lines of the section, each with the text block printed after it (or null). */
    private static List<Example> examples() throws IOException {
        String readme = Files.readString(repo().resolve("README.md"));
        int start = readme.indexOf("\n## Querying outputs\n");
        assertThat(start).as("the README has the section").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        List<String> lines = readme.substring(start, end).lines().toList();
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher command = COMMAND.matcher(lines.get(i));
            if (!command.matches()) {
                continue;
            }
            String output = null;
            if (i + 3 < lines.size() && lines.get(i + 1).equals("```") && lines.get(i + 2).equals("```text")) {
                StringBuilder text = new StringBuilder();
                for (int j = i + 3; !lines.get(j).equals("```"); j++) {
                    text.append(lines.get(j)).append('\n');
                }
                output = text.toString();
            }
            examples.add(new Example(command.group(1), List.of(command.group(2).split(" ")), output));
        }
        return examples;
    }

    @Test
    void theReadmesQueriesRunAndAgreeWithTheTables() throws IOException {
        Path out = temp.resolve("out");
        makeRuns(out);
        List<Example> examples = examples();
        assertThat(examples).hasSize(6);

        Map<String, String> printed = new LinkedHashMap<>();
        for (Example example : examples) {
            List<String> line = new ArrayList<>(List.of("sql", example.sql()));
            for (String arg : example.args()) {
                line.add(arg.replace("out/", out + "/"));
            }
            RunResult result = run(line.toArray(String[]::new));
            assertThat(result.exitCode()).as(example.sql() + "\n" + result.err()).isZero();
            assertThat(result.out()).as(example.sql()).isNotBlank();
            if (example.readmeOutput() != null && example.args().contains("out/outrank-bank")) {
                assertThat(result.out()).as("the README shows what the query prints").isEqualTo(example.readmeOutput());
            }
            printed.put(example.sql(), result.out());
        }
        List<String> outputs = new ArrayList<>(printed.values());

        Dataset<Row> bank = spark.read().parquet(out.resolve("outrank-bank/feature_ranking").toString()).orderBy("rank");
        List<Row> top = bank.limit(10).collectAsList();
        List<String> topLines = outputs.get(0).lines().skip(3).limit(10).toList();
        for (int i = 0; i < 10; i++) {
            assertThat(topLines.get(i)).isEqualTo("|%4d|%-8s|%20s|".formatted(top.get(i).<Integer>getAs("rank"),
                    top.get(i).<String>getAs("feature"), String.valueOf(top.get(i).<Double>getAs("mi_adjusted"))));
        }

        Dataset<Row> honest = spark.read().parquet(out.resolve("outrank-bank-honest/feature_ranking").toString());
        List<String> expectedJoin = honest.as("h").join(bank.as("a"), "feature")
                .select(col("h.rank").as("hr"), col("feature"), col("a.rank").as("ar")).orderBy("hr").limit(5)
                .collectAsList().stream().map(r -> r.getInt(0) + "," + r.getString(1) + "," + r.getInt(2)).toList();
        assertThat(outputs.get(1).lines().skip(1).toList()).isEqualTo(expectedJoin);
        assertThat(outputs.get(1)).doesNotContain("duration,");

        Dataset<Row> perRow = spark.read().parquet(out.resolve("multiplicity-german/per_row").toString())
                .where("epsilon = 0.02");
        List<Row> groups = perRow.groupBy("personal_status").agg(count(lit(1)).as("rows"),
                sum(when(col("ambiguous").equalTo(1), 1).otherwise(0)).as("disputed"), avg("ambiguous").as("share"))
                .collectAsList();
        assertThat(groups).hasSizeGreaterThan(1);
        assertThat(groups.stream().mapToLong(r -> r.getLong(1)).sum()).as("every selection row, once")
                .isEqualTo(spark.read().parquet(temp.resolve("pool/predictions").toString()).count());
        List<List<String>> table = rows(outputs.get(2));
        assertThat(table).hasSize(groups.size());
        for (Row group : groups) {
            assertThat(table).contains(List.of(group.getString(0), String.valueOf(group.getLong(1)),
                    String.valueOf(group.getLong(2)), String.valueOf(Math.round(group.getDouble(3) * 1000) / 1000.0)));
        }

        List<Row> widest = spark.read().parquet(out.resolve("rashomon-german/mcr").toString()).where("epsilon = 0.05")
                .selectExpr("feature", "round(mcr_plus_diff - mcr_minus_diff, 4) AS width").orderBy(col("width").desc(), col("feature"))
                .limit(5).collectAsList();
        List<List<String>> mcr = rows(outputs.get(3));
        assertThat(mcr).hasSize(widest.size());
        for (int i = 0; i < widest.size(); i++) {
            assertThat(mcr.get(i).get(0)).isEqualTo(widest.get(i).getString(0));
            assertThat(mcr.get(i).get(4)).isEqualTo(String.valueOf(widest.get(i).getDouble(1)));
        }

        assertThat(rows(outputs.get(4)).stream().map(r -> r.get(0) + " " + r.get(1)).toList())
                .containsExactly("2026-11-25 2", "2026-11-26 2");
        assertThat(outputs.get(5).lines().toList()).allMatch(l -> l.startsWith("{\"run_date\":\"2026-11-26\",\"rank\":"))
                .hasSize(2);
    }

    /** The body rows of a printed table, cells trimmed. */
    private static List<List<String>> rows(String table) {
        return table.lines().skip(3).filter(l -> l.startsWith("|"))
                .map(l -> List.of(l.substring(1, l.length() - 1).split("\\|")).stream().map(String::strip).toList())
                .toList();
    }

    /** The outputs the README's examples read, made under the same folder names. */
    private void makeRuns(Path out) {
        String bankConfig = repo().resolve("conf/examples/outrank-bank.yaml").toString();
        String bankInput = "input.path=" + sample("bank_marketing.csv.gz");
        ok(run("outrank", "--config", bankConfig, "--set", bankInput, "--set", "output.path=" + out.resolve("outrank-bank")));
        ok(run("outrank", "--config", bankConfig, "--set", bankInput, "--set", "features.exclude=[duration]",
                "--set", "output.path=" + out.resolve("outrank-bank-honest")));
        Path small = file("daily.csv", "a,b,y\n1,x,yes\n2,x,no\n3,z,yes\n4,z,no\n5,z,yes\n");
        for (String day : List.of("2026-11-25", "2026-11-26")) {
            ok(run("outrank", "--config", config("""
                    input: {path: %s, format: csv}
                    label: {column: y}
                    output: {path: %s, partition: {run_date: %s}}
                    """.formatted(small, out.resolve("outrank-daily"), day)).toString()));
        }

        Path pool = temp.resolve("pool");
        ok(run("ensemble", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: class}
                numeric: {columns: [duration, credit_amount, installment_commitment, residence_since, age, existing_credits, num_dependents]}
                ensemble:
                  positive_class: bad
                  keep_columns: [personal_status, age]
                  encoding: one-hot
                  families: [logistic_regression, random_forest]
                  logistic_regression: {reg_param: [0.0, 0.001, 0.003, 0.01, 0.03], elastic_net_param: [0.0]}
                  random_forest: {num_trees: [10], max_depth: [3], seeds: [1]}
                output: {path: %s}
                """.formatted(sample("german_credit.csv.gz"), pool)).toString()));
        ok(run("multiplicity", "--config", repo().resolve("conf/examples/multiplicity-german.yaml").toString(),
                "--set", "predictions.path=" + pool.resolve("predictions"), "--set", "losses.path=" + pool.resolve("models"),
                "--set", "multiplicity.epsilon=[0.02, 0.05]", "--set", "output.path=" + out.resolve("multiplicity-german")));
        ok(run("rashomon", "--config", repo().resolve("conf/examples/rashomon-german.yaml").toString(),
                "--set", "models.path=" + pool, "--set", "input.path=" + sample("german_credit.csv.gz"),
                "--set", "features.include=[checking_status, duration, credit_amount, purpose, savings_status]",
                "--set", "rashomon.top_k_features=2", "--set", "rashomon.write_scores=false",
                "--set", "rashomon.exploration.enabled=false", "--set", "output.path=" + out.resolve("rashomon-german")));
    }

    private static void ok(RunResult result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
    }
}
