package dev.rashomon.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.Tuple4;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

class ProgressTest extends SparkTestBase {
    private static final String BANK = "conf/examples/outrank-bank.yaml";

    @Test
    void clockShowsMinutesThenHours() {
        assertThat(Progress.clock(0)).isEqualTo("0:00");
        assertThat(Progress.clock(61_999)).isEqualTo("1:01");
        assertThat(Progress.clock(3_723_000)).isEqualTo("1:02:03");
        assertThat(Progress.clock(-5)).isEqualTo("0:00");
    }

    @Test
    void lineGivesTheStageTasksRowsElapsedAndEta() {
        long t0 = 1_000_000;
        Map<Integer, TaskProgress.Stage> running = new LinkedHashMap<>();
        running.put(12, new TaskProgress.Stage(12, "save at RunOutput.java:104", 16, 4, t0));
        TaskProgress.Snapshot now = new TaskProgress.Snapshot(running, 3, 40, 45_211);
        // 4 of 16 tasks in 8 s: 12 more take 24 s.
        assertThat(Progress.line(now, t0 - 30_000, t0 + 8_000)).isEqualTo(
                "stage 12 (save at RunOutput.java:104): 4/16 tasks, 3 stages done, 45,211 rows read, 0:38 elapsed, ETA 0:24");
    }

    @Test
    void severalRunningStagesAddUpAndNoDoneTaskHasNoEta() {
        Map<Integer, TaskProgress.Stage> running = new LinkedHashMap<>();
        running.put(7, new TaskProgress.Stage(7, "a", 3, 0, 0));
        running.put(8, new TaskProgress.Stage(8, "b", 5, 0, 0));
        assertThat(Progress.line(new TaskProgress.Snapshot(running, 0, 0, 0), 0, 1_000))
                .isEqualTo("stages 7, 8: 0/8 tasks, 0 stages done, 0 rows read, 0:01 elapsed, ETA -");
    }

    @Test
    void quietWinsThenATerminalThenTheFlag() {
        assertThat(Progress.mode(true, false, true)).isEqualTo(Progress.Mode.QUIET);
        assertThat(Progress.mode(false, false, true)).isEqualTo(Progress.Mode.LIVE);
        assertThat(Progress.mode(false, true, false)).isEqualTo(Progress.Mode.LINES);
        assertThat(Progress.mode(false, false, false)).isEqualTo(Progress.Mode.STEPS);
    }

    @Test
    void stepsAreSaidUnlessQuiet() {
        assertThat(said(Progress.Mode.STEPS)).isEqualTo("trained 3/49 lr (1.5 s)\n");
        assertThat(said(Progress.Mode.QUIET)).isEmpty();
    }

    private static String said(Progress.Mode mode) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Progress(mode, new PrintStream(bytes, true, StandardCharsets.UTF_8)).step("trained %d/%d %s (%.1f s)", 3, 49, "lr", 1.5);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theListenerCountsTasksStagesAndRowsOfARealJob() throws Exception {
        TaskProgress tasks = new TaskProgress();
        spark.sparkContext().addSparkListener(tasks);
        try {
            long rows = spark.read().option("header", "true").csv(sample("bank_marketing.csv.gz").toString())
                    .repartition(3).filter("age > 0").count();
            spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
            TaskProgress.Snapshot done = tasks.snapshot();
            assertThat(rows).isEqualTo(45_211);
            // 45,211 rows, and the header line a separate job reads to name the columns
            assertThat(done.rowsRead()).isEqualTo(45_211 + 1);
            assertThat(done.running()).isEmpty();
            // the scan (one gzip file, one task), the 3-way shuffle, and the final count
            assertThat(done.stagesDone()).isGreaterThanOrEqualTo(2);
            assertThat(done.tasksDone()).isGreaterThanOrEqualTo(1 + 3);
        } finally {
            spark.sparkContext().removeSparkListener(tasks);
        }
    }

    @Test
    void rowsOfRunningTasksCountFromTheirHeartbeatsUntilTheyEnd() {
        TaskProgress tasks = new TaskProgress();
        tasks.onExecutorMetricsUpdate(heartbeat(7L, 1_500L));
        tasks.onExecutorMetricsUpdate(heartbeat(8L, 250L));
        tasks.onExecutorMetricsUpdate(heartbeat(7L, 4_000L));
        assertThat(tasks.snapshot().rowsRead()).isEqualTo(4_000 + 250);
    }

    /** An executor's heartbeat as Spark sends it: task 'task' of stage 0 has read 'records' rows so far. */
    private static SparkListenerExecutorMetricsUpdate heartbeat(long task, long records) {
        AccumulableInfo read = AccumulableInfo.apply(1L, Option.apply("internal.metrics.input.recordsRead"), Option.apply(records),
                Option.empty(), true, true, Option.empty());
        AccumulableInfo other = AccumulableInfo.apply(2L, Option.apply("internal.metrics.executorRunTime"), Option.apply(99L),
                Option.empty(), true, true, Option.empty());
        Tuple4<Object, Object, Object, Seq<AccumulableInfo>> update = new Tuple4<>(task, 0, 0,
                CollectionConverters.asScala(List.of(read, other)).toList());
        return new SparkListenerExecutorMetricsUpdate("1", CollectionConverters.asScala(List.of(update)).toList(),
                scala.collection.immutable.Map$.MODULE$.empty());
    }

    @Test
    void aRunWithProgressEndsWithItsTotalsAndWithoutItSaysNothingOfSpark() {
        RunResult withProgress = run("outrank", "--config", repo().resolve(BANK).toString(),
                "--set", "input.path=" + sample("bank_marketing.csv.gz"), "--set", "output.path=" + temp.resolve("a"), "--progress");
        assertThat(withProgress.exitCode()).as(withProgress.err()).isZero();
        Matcher totals = Pattern.compile("done: (\\d+) stages, ([\\d,]+) tasks, ([\\d,]+) rows read, \\d+:\\d\\d elapsed")
                .matcher(withProgress.err());
        assertThat(totals.find()).as(withProgress.err()).isTrue();
        assertThat(Integer.parseInt(totals.group(1))).isPositive();
        // every input row at least once (cached rows read again count too)
        assertThat(Long.parseLong(totals.group(3).replace(",", ""))).isGreaterThanOrEqualTo(45_211);

        RunResult plain = run("outrank", "--config", repo().resolve(BANK).toString(),
                "--set", "input.path=" + sample("bank_marketing.csv.gz"), "--set", "output.path=" + temp.resolve("b"));
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.err()).doesNotContain("done:").doesNotContain("tasks");
        assertThat(spark.sparkContext().listenerBus().listeners()).noneMatch(l -> l instanceof TaskProgress);
    }

    @Test
    void aFailedRunSaysItsErrorFirstEvenWithProgress() {
        RunResult failed = run("outrank", "--config", repo().resolve(BANK).toString(),
                "--set", "input.path=" + temp.resolve("nothing.csv"), "--set", "output.path=" + temp.resolve("c"), "--progress");
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(failed.firstErrorLine()).startsWith("rashomon outrank: error: input.path ");
        assertThat(failed.err()).doesNotContain("done:");
    }

    @Test
    void quietAndProgressTogetherAreRefused() {
        RunResult both = run("outrank", "--config", repo().resolve(BANK).toString(), "--quiet", "--progress");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.firstErrorLine()).isEqualTo("rashomon: error: --quiet and --progress contradict each other; give one");
    }
}
