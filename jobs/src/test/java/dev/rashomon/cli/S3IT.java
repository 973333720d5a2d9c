package dev.rashomon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rashomon.testing.S3MockServer;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The jobs against a real S3 API: Adobe S3Mock as its own process on loopback, the jobs run by
 * {@code submit/rashomon} in their own JVMs with {@code conf/s3a.properties}, reading {@code s3a://}
 * input and writing {@code s3a://} output. The tests build on each other (same bucket), in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3IT extends SparkTestBase {
    private static final String BUCKET = "rashomon";
    private static final String OUT = "out/outrank/";
    private static final String ROOT = "s3a://" + BUCKET + "/";
    // Distinct random values, so that finding them in any output can only mean a leak.
    private static final String ACCESS_KEY = "S3ITACCESS" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    private static final String SECRET_KEY = "s3itSecret" + UUID.randomUUID().toString().replace("-", "");
    // A second pair, given through ${env.NAME} in Hadoop settings; a third for the test's own requests.
    private static final String ENV_ACCESS_KEY = "S3ITENVKEY" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    private static final String ENV_SECRET_KEY = "s3itEnvSecret" + UUID.randomUUID().toString().replace("-", "");
    private static final String TEST_ACCESS_KEY = "S3ITREADER";
    private static final String TEST_SECRET_KEY = "s3itReaderSecret";

    @TempDir
    static Path work;
    private static S3MockServer server;
    private static S3Client s3;

    private record Finished(int exitCode, String out, String err) {
    }

    /** A job's JVM and the files its stdout and stderr go to. */
    private record Started(Process process, Path out, Path err) {
        /** What the job printed; it must not show the keys. */
        String printed() throws IOException {
            String text = Files.readString(out) + Files.readString(err);
            assertNoKeys(text, "the job's stdout and stderr");
            return text;
        }
    }

    @BeforeAll
    static void startS3Mock() throws Exception {
        Path jar = Path.of(System.getProperty("s3mock.jar", "target/s3mock/s3mock-exec.jar")).toAbsolutePath();
        assertThat(jar).as("the build copies S3Mock's exec jar (mvn verify)").exists();
        server = S3MockServer.start(jar, work.resolve("s3mock"), BUCKET);
        s3 = server.client(TEST_ACCESS_KEY, TEST_SECRET_KEY);
        S3MockServer.upload(s3, BUCKET, "in/bank/bank_marketing.csv.gz", sample("bank_marketing.csv.gz"));
        Path reference = repo().resolve("jobs/src/test/resources/reference/multiplicity");
        S3MockServer.upload(s3, BUCKET, "in/pool/predictions/part-0.csv", reference.resolve("binary_predictions.csv"));
        S3MockServer.upload(s3, BUCKET, "in/pool/losses/part-0.csv", reference.resolve("binary_losses.csv"));

        // This JVM's session reads the outputs back through S3A too.
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        hadoop.set("fs.s3a.endpoint", server.endpoint());
        hadoop.set("fs.s3a.endpoint.region", S3MockServer.REGION);
        hadoop.set("fs.s3a.path.style.access", "true");
        hadoop.set("fs.s3a.connection.ssl.enabled", "false");
        hadoop.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        hadoop.set("fs.s3a.access.key", TEST_ACCESS_KEY);
        hadoop.set("fs.s3a.secret.key", TEST_SECRET_KEY);
    }

    @AfterAll
    static void stopS3Mock() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void s3MockListensOnLoopbackOnly() throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
        String sockets = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor(10, TimeUnit.SECONDS);
        // State, Recv-Q, Send-Q, local address, peer, process: S3Mock's HTTPS and HTTP connectors.
        List<String> local = sockets.lines().filter(l -> l.contains("pid=" + server.pid() + ","))
                .map(l -> l.trim().split("\\s+")[3]).toList();
        assertThat(local).as(sockets).hasSize(2)
                .allMatch(address -> address.matches("(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1\\]):\\d+"), "bound to 127.0.0.1")
                .anyMatch(address -> address.endsWith(":" + server.port()));
    }

    @Test
    @Order(2)
    void outrankReadsAndWritesS3AndMatchesALocalRun() throws Exception {
        Finished run = launch(awsEnvironment(), "outrank", "--config", "conf/examples/outrank-bank.yaml",
                "--set", "input.path=" + ROOT + "in/bank/", "--set", "output.path=" + ROOT + "out/outrank",
                "--set", "output.partition.run_date=2026-11-26");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.requests()).as("requests signed with AWS_ACCESS_KEY_ID").contains("Credential=" + ACCESS_KEY + "/");

        Path local = work.resolve("local-outrank");
        RunResult localRun = run("outrank", "--config", repo().resolve("conf/examples/outrank-bank.yaml").toString(),
                "--set", "input.path=" + sample("bank_marketing.csv.gz"), "--set", "output.path=" + local);
        assertThat(localRun.exitCode()).as(localRun.err()).isZero();
        for (String table : List.of("feature_ranking", "feature_profile")) {
            List<Row> fromS3 = rows(ROOT + OUT + table + "/run_date=2026-11-26");
            assertThat(fromS3).as(table).hasSize(16).isEqualTo(rows(local.resolve(table).toString()));
        }
        JsonNode metadata = runJson(OUT + "run_date=2026-11-26/run.json");
        assertThat(metadata.at("/rows/used").asLong()).isEqualTo(45_211);
        assertThat(metadata.at("/config/input/path").asText()).isEqualTo(ROOT + "in/bank/");
        assertThat(objects(OUT).keySet()).contains(OUT + "run_date=2026-11-26/_SUCCESS")
                .noneMatch(key -> key.contains("_staging") || key.contains("_temporary"));
    }

    @Test
    @Order(3)
    void multiplicityReadsAndWritesS3WithKeysFromHadoopEnvSubstitution() throws Exception {
        String yaml = """
                predictions: {path: %1$sin/pool/predictions/, format: csv, layout: long}
                losses: {path: %1$sin/pool/losses/, format: csv}
                multiplicity: {epsilon: [0.0, 0.02, 0.1], delta: [0.1], groups: [grp], per_row: true}
                output: {path: %2$s, partition: {run_date: 2026-11-26}}
                """;
        Path s3Config = Files.writeString(work.resolve("multiplicity-s3.yaml"), yaml.formatted(ROOT, ROOT + "out/multiplicity"));
        // No AWS_* variables: the key pair reaches S3A only through ${env.NAME} in Hadoop settings.
        Map<String, String> environment = Map.of("S3IT_ACCESS_KEY", ENV_ACCESS_KEY, "S3IT_SECRET_KEY", ENV_SECRET_KEY);
        Finished run = launch(environment, "--conf", "spark.hadoop.fs.s3a.access.key=${env.S3IT_ACCESS_KEY}",
                "--conf", "spark.hadoop.fs.s3a.secret.key=${env.S3IT_SECRET_KEY}",
                "multiplicity", "--config", s3Config.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.requests()).as("requests signed with the key pair from the environment")
                .contains("Credential=" + ENV_ACCESS_KEY + "/").doesNotContain("Credential=${env");

        Path reference = repo().resolve("jobs/src/test/resources/reference/multiplicity");
        Path local = work.resolve("local-multiplicity");
        Path localConfig = Files.writeString(work.resolve("multiplicity-local.yaml"), yaml
                .replace("%1$sin/pool/predictions/", reference.resolve("binary_predictions.csv").toString())
                .replace("%1$sin/pool/losses/", reference.resolve("binary_losses.csv").toString())
                .replace("%2$s", local.toString()).replace(", partition: {run_date: 2026-11-26}", ""));
        RunResult localRun = run("multiplicity", "--config", localConfig.toString());
        assertThat(localRun.exitCode()).as(localRun.err()).isZero();
        for (String table : List.of("summary", "curve", "score_deviation", "per_row")) {
            List<Row> fromS3 = rows(ROOT + "out/multiplicity/" + table + "/run_date=2026-11-26");
            assertThat(fromS3).as(table).isNotEmpty().isEqualTo(rows(local.resolve(table).toString()));
        }
    }

    @Test
    @Order(4)
    void aRerunReplacesThePartitionAndLeavesNoLeftovers() throws Exception {
        Map<String, String> before = objects(OUT);
        Finished run = launch(awsEnvironment(), "outrank", "--config", "conf/examples/outrank-bank.yaml",
                "--set", "input.path=" + ROOT + "in/bank/", "--set", "output.path=" + ROOT + "out/outrank",
                "--set", "output.partition.run_date=2026-11-26", "--set", "outrank.rank_by=mi");
        assertThat(run.exitCode()).as(run.err()).isZero();

        Map<String, String> after = objects(OUT);
        System.out.println("Listing of " + ROOT + OUT + " after the rerun:");
        after.keySet().forEach(key -> System.out.println("  " + key));
        assertThat(after.keySet()).noneMatch(key -> key.contains("_staging") || key.contains("_replaced")
                || key.contains("_temporary") || key.contains("$folder$"));
        List<String> oldParts = before.keySet().stream().filter(key -> key.endsWith(".parquet")).toList();
        List<String> newParts = after.keySet().stream().filter(key -> key.endsWith(".parquet")).toList();
        assertThat(newParts).hasSize(oldParts.size()).doesNotContainAnyElementsOf(oldParts);
        assertThat(shape(after.keySet())).as("the same layout, new files").isEqualTo(shape(before.keySet()));
        assertThat(runJson(OUT + "run_date=2026-11-26/run.json").at("/config/outrank/rank_by").asText()).isEqualTo("mi");
        assertThat(rows(ROOT + OUT + "feature_ranking")).hasSize(16);
    }

    @Test
    @Order(5)
    void aRunKilledWhileWritingLeavesNoVisibleTable() throws Exception {
        Map<String, String> published = visible(objects(OUT));
        long rowsBefore = spark.read().parquet(ROOT + OUT + "feature_ranking").count();

        // A fresh partition: nothing of it may appear.
        killWhileStaging("2026-11-27");
        assertThat(visible(objects(OUT))).isEqualTo(published);
        assertThat(objects(OUT).keySet()).noneMatch(key -> key.contains("run_date=2026-11-27"));
        assertThat(spark.read().parquet(ROOT + OUT + "feature_ranking").count()).isEqualTo(rowsBefore);

        // A rerun of the published partition: every object stays as it was (same keys, same ETags).
        killWhileStaging("2026-11-26");
        assertThat(visible(objects(OUT))).isEqualTo(published);
        assertThat(spark.read().parquet(ROOT + OUT + "feature_ranking").count()).isEqualTo(rowsBefore);
        assertThat(objects(OUT + "_staging/").keySet()).as("the killed runs' staging areas stay, hidden").isNotEmpty();
    }

    @Test
    @Order(6)
    void anS3OutageMidWriteIsRiddenThroughOrFailsInOneLineAndNeverShowsAPartialTable() throws Exception {
        S3MockServer.upload(s3, BUCKET, "in/german/german_credit.csv.gz", sample("german_credit.csv.gz"));
        Path local = work.resolve("local-german");
        RunResult localRun = run("outrank", "--config", germanConfig(sample("german_credit.csv.gz").toString(), local.toString()).toString());
        assertThat(localRun.exitCode()).as(localRun.err()).isZero();
        Path config = germanConfig(ROOT + "in/german/", ROOT + "out/outrank");

        // conf/s3a.properties' retries: the server is down a few seconds, then back with its objects.
        Map<String, String> published = visible(objects(OUT));
        Started riding = start(awsEnvironment(), "outrank", "--config", config.toString(), "--set", "output.partition.run_date=2026-11-30");
        restartWhileStaging(riding, false);
        Finished rode = finish(riding);
        System.out.println("A run through a " + outageSeconds + " s outage of S3 exited " + rode.exitCode());
        assertOutcome(rode, "2026-11-30", published, local);

        // Without retries the run fails while the server is down; nothing shows, and the rerun succeeds.
        published = visible(objects(OUT));
        Started failing = start(awsEnvironment(), "--conf", "spark.hadoop.fs.s3a.retry.limit=0",
                "--conf", "spark.hadoop.fs.s3a.attempts.maximum=0", "outrank", "--config", config.toString(),
                "--set", "output.partition.run_date=2026-12-01");
        restartWhileStaging(failing, true);
        Finished failed = finish(failing);
        assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
        assertOutcome(failed, "2026-12-01", published, local);
    }

    /** How long the last outage lasted, from the kill until the restarted server answered. */
    private static double outageSeconds;

    /**
     * Either outcome of a run through an outage, with its checks: success and the same tables as a
     * local run; or exit 1 with one "failed:" line saying what, nothing of the partition visible,
     * and a rerun that succeeds.
     */
    private static void assertOutcome(Finished run, String runDate, Map<String, String> published, Path local) throws Exception {
        String partition = "run_date=" + runDate;
        if (run.exitCode() != 0) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            String failedLine = run.err().lines().filter(l -> l.startsWith("rashomon outrank: failed: ")).findFirst().orElse("");
            System.out.println("The failed run's line: " + failedLine);
            assertThat(failedLine).as(run.err()).matches("rashomon outrank: failed: cannot reach the storage at "
                    + "s3a://rashomon/out/outrank/_staging/\\S+: (Connection refused|the server closed the connection), after S3A's retries "
                    + "\\(fs\\.s3a\\.retry\\.limit, fs\\.s3a\\.attempts\\.maximum\\)");
            assertThat(visible(objects(OUT))).as("nothing of the failed run is visible").isEqualTo(published);
            Finished rerun = launch(awsEnvironment(), "outrank", "--config", work.resolve("outrank-german-s3.yaml").toString(),
                    "--set", "output.partition.run_date=" + runDate);
            assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        }
        for (String table : List.of("feature_ranking", "feature_profile")) {
            assertThat(rows(ROOT + OUT + table + "/" + partition)).as(table).isNotEmpty().isEqualTo(rows(local.resolve(table).toString()));
        }
        assertThat(objects(OUT + partition + "/").keySet()).contains(OUT + partition + "/_SUCCESS", OUT + partition + "/run.json");
        Map<String, String> added = visible(objects(OUT));
        added.keySet().removeAll(published.keySet());
        assertThat(added.keySet()).as("only the new partition is added (and the tables' folder markers, if new)")
                .allMatch(key -> key.contains(partition + "/") || key.matches(OUT + "feature_(ranking|profile)/"));
    }

    /**
     * Kills the S3 server (SIGKILL) as soon as the run has staged objects, and starts it again on the
     * same port and store: after 2 seconds, or once the run has ended.
     */
    private static void restartWhileStaging(Started run, boolean afterTheRunEnds) throws Exception {
        Map<String, String> stagedBefore = objects(OUT + "_staging/");
        while (objects(OUT + "_staging/").keySet().equals(stagedBefore.keySet())) {
            assertThat(run.process().isAlive()).as("the run is still writing when its staging area fills").isTrue();
            Thread.sleep(20);
        }
        long killed = System.nanoTime();
        server.kill();
        if (afterTheRunEnds) {
            assertThat(run.process().waitFor(3, TimeUnit.MINUTES)).as("the run ends while S3 is down").isTrue();
        } else {
            Thread.sleep(2000);
        }
        server = server.restart();
        outageSeconds = Math.round((System.nanoTime() - killed) / 1e8) / 10.0;
        s3.close();
        s3 = server.client(TEST_ACCESS_KEY, TEST_SECRET_KEY);
    }

    private static Path germanConfig(String input, String output) throws IOException {
        String name = output.startsWith("s3a:") ? "outrank-german-s3.yaml" : "outrank-german-local.yaml";
        return Files.writeString(work.resolve(name), "input: {path: " + input + ", format: csv}\nlabel: {column: class}\n"
                + "output: {path: " + output + "}\n");
    }

    /** Starts a run of {@code runDate}, and kills its JVM (SIGKILL) as soon as its staging area has objects. */
    private static void killWhileStaging(String runDate) throws Exception {
        Map<String, String> stagedBefore = objects(OUT + "_staging/");
        Started run = start(awsEnvironment(), "outrank", "--config", "conf/examples/outrank-bank.yaml",
                "--set", "input.path=" + ROOT + "in/bank/", "--set", "output.path=" + ROOT + "out/outrank",
                "--set", "output.partition.run_date=" + runDate);
        Process process = run.process();
        while (objects(OUT + "_staging/").keySet().equals(stagedBefore.keySet())) {
            assertThat(process.isAlive()).as("the run is still writing when its staging area fills").isTrue();
            Thread.sleep(20);
        }
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // Had the run got to its commit, the callers' listings would show it; 137 = killed by SIGKILL.
        assertThat(process.exitValue()).as("killed, not finished").isEqualTo(137);
        run.printed();
    }

    private static Map<String, String> awsEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    }

    /** {@code submit/rashomon} with conf/s3a.properties pointed at the server, in its own JVM. */
    private static Started start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(repo().resolve("submit/rashomon").toString(),
                "--properties-file", "conf/s3a.properties", "--conf", "spark.hadoop.fs.s3a.endpoint=" + server.endpoint()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo().toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().putAll(environment);
        String name = "run-" + System.nanoTime();
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new Started(builder.start(), out, err);
    }

    private static Finished launch(Map<String, String> environment, String... args) throws Exception {
        return finish(start(environment, args));
    }

    private static Finished finish(Started started) throws Exception {
        assertThat(started.process().waitFor(3, TimeUnit.MINUTES)).as("finished in time").isTrue();
        started.printed();
        return new Finished(started.process().exitValue(), Files.readString(started.out()), Files.readString(started.err()));
    }

    private static void assertNoKeys(String text, String where) {
        assertThat(text).as(where).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY)
                .doesNotContain(ENV_ACCESS_KEY).doesNotContain(ENV_SECRET_KEY);
    }

    /** run.json of a run folder, read from the bucket; it must not carry the keys either. */
    private static JsonNode runJson(String key) throws IOException {
        String json = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
        assertNoKeys(json, key);
        return new ObjectMapper().readTree(json);
    }

    private static Map<String, String> objects(String prefix) {
        return S3MockServer.objects(s3, BUCKET, prefix);
    }

    /** What readers of the output see: everything but the staging areas. */
    private static Map<String, String> visible(Map<String, String> objects) {
        Map<String, String> visible = new HashMap<>(objects);
        visible.keySet().removeIf(key -> key.startsWith(OUT + "_staging/"));
        return visible;
    }

    /** Keys with the part files' unique names blanked: the layout of an output. */
    private static List<String> shape(Set<String> keys) {
        return keys.stream().map(key -> key.replaceAll("part-\\d+-[0-9a-f-]+", "part-N")).sorted().toList();
    }

    /** A table's rows in a fixed order, for exact comparison. */
    private static List<Row> rows(String path) {
        return spark.read().parquet(path).collectAsList().stream()
                .sorted(Comparator.comparing(Row::toString)).collect(Collectors.toList());
    }
}
