package dev.rashomon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rashomon.testing.ListeningSockets;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs on a real Spark standalone cluster on loopback: {@code submit/cluster-start} starts one
 * Master and two Workers (1 core each) as separate JVMs from the build's SPARK_HOME, on free ports;
 * {@code submit/rashomon} submits in client and in cluster deploy mode. Every output must equal, to
 * the byte of its CSV text, the output of a local run of the same config.
 */
class StandaloneClusterIT {
    private static final Path REPO = SparkTestBase.repo();
    private static final Path WORK = REPO.resolve("jobs/target/standalone-cluster-it");
    private static final Path CLUSTER = WORK.resolve("cluster");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(4);

    private static Map<String, String> clusterEnv;
    private static String master;
    private static String restMaster;
    private static int masterUiPort;
    private static Path german;
    private static Path bank;
    /** The local runs of the configs, started at once so that they overlap the cluster's start. */
    private static final Map<String, Process> localRuns = new TreeMap<>();

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void startCluster() throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        german = writeGermanConfig();
        bank = writeBankConfig();
        startLocalRun("german", german);
        startLocalRun("bank", bank);
        int masterPort = freePort();
        int restPort = freePort();
        masterUiPort = freePort();
        clusterEnv = Map.of("RASHOMON_CLUSTER_DIR", CLUSTER.toString(), "MASTER_PORT", "" + masterPort,
                "REST_PORT", "" + restPort, "MASTER_UI_PORT", "" + masterUiPort, "WORKER_UI_PORT", "0",
                "SPARK_HOME", REPO.resolve("jobs/target/spark-home").toString());
        Run started = launch(WORK.resolve("cluster-start"), clusterEnv, List.of(REPO.resolve("submit/cluster-start").toString()));
        assertThat(started.exitCode()).as(started.err()).isZero();
        master = "spark://127.0.0.1:" + masterPort;
        restMaster = "spark://127.0.0.1:" + restPort;
        assertThat(started.out().strip()).isEqualTo(master);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        localRuns.values().forEach(Process::destroyForcibly);
        if (clusterEnv == null) {
            return;
        }
        List<ProcessHandle> daemons = daemons();
        List<ProcessHandle> all = new ArrayList<>(daemons);
        daemons.forEach(d -> d.descendants().forEach(all::add));
        launch(WORK.resolve("cluster-stop"), clusterEnv, List.of(REPO.resolve("submit/cluster-stop").toString()));
        for (ProcessHandle process : all) {
            // cluster-stop must have ended them; a leftover is ended here so that no test leaks a JVM, and fails.
            boolean alive = process.isAlive();
            process.destroyForcibly();
            assertThat(alive).as("process %d left running by cluster-stop", process.pid()).isFalse();
        }
    }

    @Test
    void theClusterIsOneMasterAndTwoOneCoreWorkersInSeparateJvmsOnLoopback() throws Exception {
        List<ProcessHandle> daemons = daemons();
        assertThat(daemons).hasSize(3).allMatch(ProcessHandle::isAlive);
        assertThat(daemons.stream().map(ProcessHandle::pid).distinct()).hasSize(3);
        assertThat(commandLine(daemons.get(0))).contains("org.apache.spark.deploy.master.Master");
        JsonNode state = new ObjectMapper().readTree(get("http://127.0.0.1:" + masterUiPort + "/json/"));
        assertThat(state.at("/url").asText()).isEqualTo(master);
        assertThat(state.at("/aliveworkers").asInt()).isEqualTo(2);
        for (JsonNode worker : state.get("workers")) {
            assertThat(worker.get("host").asText()).isEqualTo("127.0.0.1");
            assertThat(worker.get("cores").asInt()).isEqualTo(1);
        }
        // Every socket the daemons listen on (the Master's RPC, REST and UI, each Worker's RPC and UI).
        for (ProcessHandle daemon : daemons) {
            assertThat(ListeningSockets.of(Stream.of(daemon))).as("listening sockets of %s", daemon.pid())
                    .isNotEmpty().allMatch(address -> address.matches(ListeningSockets.LOOPBACK), "bound to 127.0.0.1");
        }
    }

    @Test
    void clientModeWritesWhatALocalRunWrites() throws Exception {
        Path config = german;
        Path output = WORK.resolve("client-german");
        Run run = rashomon("--master", master, "outrank", "--config", config.toString(), "--set", "output.path=" + output);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(new ObjectMapper().readTree(output.resolve("run.json").toFile()).at("/spark/master").asText()).isEqualTo(master);
        assertSameTables(output, localRun("german"));
    }

    @Test
    void clusterModeWaitsForTheDriverAndWritesWhatALocalRunWrites() throws Exception {
        Path config = german;
        Path output = WORK.resolve("cluster-german");
        Run run = rashomon("--master", restMaster, "--deploy-mode", "cluster", "outrank", "--config", config.toString(),
                "--set", "output.path=" + output);
        assertThat(run.exitCode()).as(run.err()).isZero();
        // The launcher returned only once the driver had finished, and the driver ran on a Worker.
        assertThat(run.err()).containsPattern("rashomon: driver (driver-\\S+) FINISHED on worker-");
        String driver = run.err().lines().filter(l -> l.startsWith("rashomon: submitted driver ")).findFirst().orElseThrow()
                .split(" ")[3];
        assertThat(driverLog(driver)).isPresent();
        assertSameTables(output, localRun("german"));
    }

    @Test
    void aDriverThatFailsMakesTheLauncherExitNonZeroWithItsStateAndLeavesNothing() throws Exception {
        Path output = WORK.resolve("cluster-failing");
        Path missing = WORK.resolve("no-such-input.csv");
        Run run = rashomon("--master", restMaster, "--deploy-mode", "cluster", "outrank", "--config", german.toString(),
                "--set", "input.path=" + missing, "--set", "output.path=" + output);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        String ended = run.err().lines().filter(l -> l.contains(" ended ")).findFirst().orElse("");
        assertThat(ended).matches("rashomon: driver driver-\\S+ ended FAILED; its log: driver-\\S+/stderr in the work dir of"
                + " worker-\\S+ \\(127\\.0\\.0\\.1:\\d+\\)");
        String driver = ended.split(" ")[2];
        // The driver's own error line is where the launcher says it is.
        assertThat(Files.readString(driverLog(driver).orElseThrow())).contains(
                "rashomon outrank: error: input.path " + missing + " does not exist");
        assertThat(output).doesNotExist();
    }

    @Test
    void aBadConfigInClusterModeExitsTwoBeforeAnythingIsSubmitted() throws Exception {
        Path output = WORK.resolve("cluster-bad-config");
        Run run = rashomon("--master", restMaster, "--deploy-mode", "cluster", "outrank", "--config", german.toString(),
                "--set", "label.colum=class", "--set", "output.path=" + output);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElse(""))
                .startsWith("rashomon outrank: error: config key 'label.colum' is unknown; did you mean 'label.column'?");
        assertThat(run.err()).doesNotContain("submitted driver");
        assertThat(output).doesNotExist();
    }

    @Test
    void killingAnExecutorMidJobLeavesTheOutputUnchanged() throws Exception {
        Path config = bank;
        Path output = WORK.resolve("client-bank-kill");
        int uiPort = freePort();
        Path err = WORK.resolve("kill.stderr");
        Process launcher = start(err, "--master", master, "--conf", "spark.ui.port=" + uiPort, "outrank", "--config",
                config.toString(), "--set", "output.path=" + output);
        try {
            // Wait until an executor is running tasks of a job that has already completed some.
            String api = "http://127.0.0.1:" + uiPort + "/api/v1/applications";
            String busy = null;
            long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
            while (busy == null && launcher.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                busy = busyExecutor(api);
            }
            assertThat(busy).as("an executor running tasks; launcher stderr:\n%s", Files.readString(err)).isNotNull();
            ProcessHandle executor = executorProcess(busy).orElseThrow();
            String appId = appId(executor);
            assertThat(output.resolve("_SUCCESS")).as("the job is still running").doesNotExist();
            executor.destroyForcibly(); // SIGKILL, as kill -9
            assertThat(executor.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();

            assertThat(launcher.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("finished in time").isTrue();
            String stderr = Files.readString(err);
            assertThat(launcher.exitValue()).as(stderr).isZero();
            // The driver saw the executor go, and the Master gave the application a replacement executor.
            assertThat(stderr).contains("Lost executor " + busy);
            assertThat(executorDirs(appId)).hasSizeGreaterThanOrEqualTo(3).contains("0", "1");
            assertSameTables(output, localRun("bank"));
        } finally {
            launcher.destroyForcibly();
        }
    }

    /** The id of an executor with active tasks, once some task of the run has completed; null before. */
    private static String busyExecutor(String api) {
        try {
            JsonNode apps = new ObjectMapper().readTree(get(api));
            if (apps.isEmpty()) {
                return null;
            }
            JsonNode executors = new ObjectMapper().readTree(get(api + "/" + apps.get(0).get("id").asText() + "/executors"));
            int completed = 0;
            String busy = null;
            for (JsonNode executor : executors) {
                if (!executor.get("id").asText().equals("driver")) {
                    completed += executor.get("completedTasks").asInt();
                    if (executor.get("activeTasks").asInt() > 0) {
                        busy = executor.get("id").asText();
                    }
                }
            }
            return completed > 0 ? busy : null;
        } catch (IOException e) {
            return null; // the driver's UI is not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The executor JVM a Worker forked for this executor id. */
    private static Optional<ProcessHandle> executorProcess(String executorId) throws IOException {
        for (ProcessHandle worker : daemons().subList(1, 3)) {
            for (ProcessHandle child : worker.descendants().toList()) {
                List<String> args = List.of(commandLine(child).split("\u0000"));
                int at = args.indexOf("--executor-id");
                if (args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend") && at >= 0
                        && args.get(at + 1).equals(executorId)) {
                    return Optional.of(child);
                }
            }
        }
        return Optional.empty();
    }

    /** The application an executor JVM served, from its command line. */
    private static String appId(ProcessHandle executor) throws IOException {
        List<String> args = List.of(commandLine(executor).split("\u0000"));
        return args.get(args.indexOf("--app-id") + 1);
    }

    /** The executors the Workers ran for an application: one work dir each. */
    private static List<String> executorDirs(String appId) throws IOException {
        List<String> executors = new ArrayList<>();
        for (String worker : List.of("work-1", "work-2")) {
            Path app = CLUSTER.resolve(worker).resolve(appId);
            if (Files.isDirectory(app)) {
                try (Stream<Path> dirs = Files.list(app)) {
                    dirs.forEach(d -> executors.add(d.getFileName().toString()));
                }
            }
        }
        return executors;
    }

    /** Master, then the Workers, from cluster-start's pid files. */
    private static List<ProcessHandle> daemons() throws IOException {
        List<ProcessHandle> daemons = new ArrayList<>();
        for (String name : List.of("master", "worker-1", "worker-2")) {
            Path pidFile = CLUSTER.resolve(name + ".pid");
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(daemons::add);
            }
        }
        return daemons;
    }

    private static String commandLine(ProcessHandle process) throws IOException {
        return Files.readString(Path.of("/proc", "" + process.pid(), "cmdline"));
    }

    /** The stderr file of a cluster-mode driver, in the work dir of the Worker that ran it. */
    private static Optional<Path> driverLog(String driverId) {
        return Stream.of("work-1", "work-2").map(w -> CLUSTER.resolve(w).resolve(driverId).resolve("stderr"))
                .filter(Files::exists).findFirst();
    }

    private static Path writeGermanConfig() throws IOException {
        Path config = WORK.resolve("outrank-german.yaml");
        Files.writeString(config, "input: {path: " + REPO.resolve("data/samples/german_credit.csv.gz") + ", format: csv}\n"
                + "label: {column: class}\n"
                + "output: {path: " + WORK.resolve("unused") + ", format: csv}\n");
        return config;
    }

    /** The README's example on 45,211 rows: long enough on two 1-core executors to kill one mid-job. */
    private static Path writeBankConfig() throws IOException {
        Path config = WORK.resolve("outrank-bank.yaml");
        Files.writeString(config, Files.readString(REPO.resolve("conf/examples/outrank-bank.yaml"))
                .replace("data/samples/bank_marketing.csv.gz", REPO.resolve("data/samples/bank_marketing.csv.gz").toString())
                .replace("format: parquet", "format: csv"));
        return config;
    }

    private static void startLocalRun(String name, Path config) throws IOException {
        localRuns.put(name, start(WORK.resolve("local-" + name + ".stderr"), "--master", "local[2]", "outrank",
                "--config", config.toString(), "--set", "output.path=" + WORK.resolve("local-" + name)));
    }

    /** The output of the same config run locally (local[2], embedded). */
    private static Path localRun(String name) throws Exception {
        Process process = localRuns.get(name);
        assertThat(process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("finished in time").isTrue();
        assertThat(process.exitValue()).as(Files.readString(WORK.resolve("local-" + name + ".stderr"))).isZero();
        return WORK.resolve("local-" + name);
    }

    /** Every table of one run equals the other's: same tables, same CSV lines (part files may split rows differently). */
    private static void assertSameTables(Path actual, Path expected) throws IOException {
        Map<String, List<String>> expectedTables = tables(expected);
        assertThat(expectedTables).isNotEmpty();
        assertThat(expectedTables.values()).allMatch(lines -> lines.size() > 1);
        assertThat(tables(actual)).isEqualTo(expectedTables);
        assertThat(actual.resolve("_SUCCESS")).exists();
    }

    private static Map<String, List<String>> tables(Path run) throws IOException {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Stream<Path> files = Files.walk(run)) {
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                tables.computeIfAbsent(run.relativize(part.getParent()).toString(), t -> new ArrayList<>())
                        .addAll(Files.readAllLines(part));
            }
        }
        tables.values().forEach(lines -> lines.sort(null));
        return tables;
    }

    private static Run rashomon(String... args) throws Exception {
        Path err = Files.createTempFile(WORK, "rashomon", ".stderr");
        Process process = start(err, args);
        assertThat(process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("finished in time").isTrue();
        return new Run(process.exitValue(), "", Files.readString(err));
    }

    private static Process start(Path err, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(REPO.resolve("submit/rashomon").toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(REPO.toFile()).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static Run launch(Path logPrefix, Map<String, String> env, List<String> command) throws Exception {
        Path out = Path.of(logPrefix + ".stdout");
        Path err = Path.of(logPrefix + ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished in time").isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
