package dev.rashomon.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rashomon.cli.Job;
import dev.rashomon.cli.JobArguments;
import dev.rashomon.cli.Jobs;
import dev.rashomon.cli.Rashomon;
import dev.rashomon.config.ConfigLoader;
import dev.rashomon.testing.SparkTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.deploy.SparkSubmitArguments;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Airflow DAG in submit/airflow, without Airflow (it cannot be installed here): Python compiles it
 * and runs it against stand-ins for DAG and SparkSubmitOperator, Jinja2 renders its templated
 * arguments for a fixed day (jobs/src/test/resources/airflow/render_dag.py), and every rendered
 * spark-submit command line must then be accepted by Spark's own argument parser and ours, with a
 * config that loads and validates.
 */
class AirflowDagTest {
    private static final String DAY = "2026-11-26";
    private static JsonNode dag;

    @TempDir
    static Path temp;

    @BeforeAll
    static void render() throws Exception {
        Path repo = SparkTestBase.repo();
        String params = new ObjectMapper().writeValueAsString(Map.of(
                "conf_dir", repo.resolve("conf/airflow").toString(),
                "jar", repo.resolve("jobs/target/rashomon-jobs.jar").toString(),
                "spark_properties", repo.resolve("conf/s3a.properties").toString()));
        List<String> command = List.of(python(), repo.resolve("jobs/src/test/resources/airflow/render_dag.py").toString(),
                repo.resolve("submit/airflow/rashomon_daily.py").toString(), DAY, params);
        Process process = new ProcessBuilder(command).redirectError(temp.resolve("stderr").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(temp.resolve("stderr"))).isZero();
        dag = new ObjectMapper().readTree(out);
    }

    /** A Python 3 that has Jinja2: .ci/run installs Debian's python3-jinja2. */
    private static String python() throws IOException, InterruptedException {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process probe = new ProcessBuilder(candidate, "-c", "import jinja2").redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException notThere) {
                // try the next one
            }
        }
        return fail("no python3 with jinja2 found (apt-get install -y python3 python3-jinja2; .ci/run does)");
    }

    @Test
    void theDailyPipelineRunsEveryJobInOrder() {
        assertThat(dag.get("dag_id").asText()).isEqualTo("rashomon_daily");
        assertThat(dag.get("schedule").asText()).isEqualTo("@daily");
        assertThat(dag.get("catchup").asBoolean()).isFalse();
        Map<String, List<String>> upstream = new LinkedHashMap<>();
        for (JsonNode task : dag.get("tasks")) {
            List<String> before = new ArrayList<>();
            task.get("upstream").forEach(t -> before.add(t.asText()));
            upstream.put(task.get("task_id").asText(), before);
        }
        assertThat(upstream).containsExactly(
                Map.entry("outrank", List.of()),
                Map.entry("ensemble", List.of()),
                Map.entry("multiplicity", List.of("ensemble")),
                Map.entry("rashomon", List.of("multiplicity")),
                Map.entry("report", List.of("outrank", "rashomon")));
    }

    @Test
    void everyTaskRetries() {
        for (JsonNode task : dag.get("tasks")) {
            assertThat(task.get("retries").asInt()).as(task.get("task_id").asText()).isEqualTo(2);
            assertThat(task.get("retry_delay_seconds").asDouble()).isEqualTo(600.0);
            assertThat(task.get("conn_id").asText()).isEqualTo("spark_default");
        }
    }

    @Test
    void everyRenderedCommandIsAcceptedBySparkSubmitAndTheJobsParser() throws Exception {
        for (JsonNode task : dag.get("tasks")) {
            String id = task.get("task_id").asText();
            List<String> command = new ArrayList<>();
            task.get("command").forEach(arg -> command.add(arg.asText()));
            assertThat(command.get(0)).isEqualTo("spark-submit");
            assertThat(String.join(" ", command)).as(id).doesNotContain("{{").doesNotContain("}}");

            SparkSubmitArguments submit = new SparkSubmitArguments(
                    CollectionConverters.asScala(command.subList(1, command.size())).toList(),
                    scala.collection.immutable.Map$.MODULE$.empty());
            assertThat(submit.mainClass()).isEqualTo(Rashomon.class.getName());
            assertThat(submit.primaryResource()).endsWith("rashomon-jobs.jar");
            // conf/s3a.properties, read by spark-submit itself
            assertThat(submit.sparkProperties().get("spark.hadoop.fs.s3a.path.style.access").get()).isEqualTo("true");
            assertThat(submit.sparkProperties().get("spark.hadoop.fs.s3a.committer.name").get()).isEqualTo("file");

            JobArguments arguments = JobArguments.parse(CollectionConverters.asJava(submit.childArgs()));
            assertThat(arguments.job()).isEqualTo(id);
            assertThat(arguments.progress()).as("Airflow's log is no terminal").isTrue();
            Job<?> job = Jobs.find(arguments.job()).orElseThrow();
            JsonNode config = loadAndValidate(job, arguments);
            assertThat(config.at("/output/partition/run_date").asText()).as(id).isEqualTo(DAY);
            assertThat(config.at("/output/path").asText()).as(id).isEqualTo("s3a://credit-lake/rashomon/" + id);
        }
    }

    @Test
    void theDaysPartitionReachesEveryInput() throws Exception {
        Map<String, JsonNode> configs = new LinkedHashMap<>();
        for (JsonNode task : dag.get("tasks")) {
            List<String> command = new ArrayList<>();
            task.get("command").forEach(arg -> command.add(arg.asText()));
            JobArguments arguments = JobArguments.parse(command.subList(command.indexOf(task.get("task_id").asText()), command.size()));
            configs.put(arguments.job(), loadAndValidate(Jobs.find(arguments.job()).orElseThrow(), arguments));
        }
        String day = "s3a://credit-lake/applications/dt=" + DAY;
        assertThat(configs.get("outrank").at("/input/path").asText()).isEqualTo(day);
        assertThat(configs.get("ensemble").at("/input/path").asText()).isEqualTo(day);
        assertThat(configs.get("multiplicity").at("/predictions/path").asText())
                .isEqualTo("s3a://credit-lake/rashomon/ensemble/predictions/run_date=" + DAY);
        assertThat(configs.get("multiplicity").at("/losses/path").asText())
                .isEqualTo("s3a://credit-lake/rashomon/ensemble/models/run_date=" + DAY);
        assertThat(configs.get("rashomon").at("/models/partition/run_date").asText()).isEqualTo(DAY);
        assertThat(configs.get("rashomon").at("/input/path").asText()).isEqualTo(day);
        assertThat(configs.get("report").at("/partition/run_date").asText()).isEqualTo(DAY);
        assertThat(configs.get("report").at("/outrank").asText()).isEqualTo("s3a://credit-lake/rashomon/outrank");
    }

    /** The effective config, as the job would run it, after the same checks it passes before Spark starts. */
    private static <C extends Record> JsonNode loadAndValidate(Job<C> job, JobArguments arguments) {
        C config = ConfigLoader.load(arguments.config(), arguments.overrides(), job.configType());
        job.validate(config);
        return ConfigLoader.json().valueToTree(config);
    }
}
