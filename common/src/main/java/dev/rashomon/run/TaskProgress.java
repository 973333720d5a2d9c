package dev.rashomon.run;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.Tuple4;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Counts what Spark has done so far, from its listener events: the stages running now with their
 * tasks done and total, and over the whole run the stages and tasks finished and the input rows
 * read (by finished tasks, plus what running tasks last reported in a heartbeat). Events arrive on Spark's listener thread; {@link #snapshot} may be called from any thread.
 */
public final class TaskProgress extends SparkListener {
    /** A running stage: its tasks done out of its total, and when it started (epoch millis). */
    public record Stage(int id, String name, int tasks, int done, long startedAt) {
    }

    /** The state at one moment: the running stages, and totals over the run. */
    public record Snapshot(Map<Integer, Stage> running, int stagesDone, long tasksDone, long rowsRead) {
    }

    private static final String RECORDS_READ = "internal.metrics.input.recordsRead";

    private final Map<Integer, Stage> running = new LinkedHashMap<>();
    /** Rows read so far by tasks still running, from the executors' heartbeats. */
    private final Map<Long, Long> readByRunningTasks = new HashMap<>();
    private int stagesDone;
    private long tasksDone;
    private long rowsRead;

    @Override
    public synchronized void onStageSubmitted(SparkListenerStageSubmitted event) {
        StageInfo info = event.stageInfo();
        long started = info.submissionTime().isDefined() ? (Long) info.submissionTime().get() : System.currentTimeMillis();
        running.put(info.stageId(), new Stage(info.stageId(), info.name(), info.numTasks(), 0, started));
    }

    /** A long scan's rows show before its tasks end: heartbeats carry each running task's metrics. */
    @Override
    public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate event) {
        for (Tuple4<Object, Object, Object, Seq<AccumulableInfo>> task : CollectionConverters.asJava(event.accumUpdates())) {
            for (AccumulableInfo metric : CollectionConverters.asJava(task._4())) {
                if (metric.name().isDefined() && metric.name().get().equals(RECORDS_READ) && metric.update().isDefined()
                        && metric.update().get() instanceof Long records) {
                    readByRunningTasks.put((Long) task._1(), records);
                }
            }
        }
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd event) {
        readByRunningTasks.remove(event.taskInfo().taskId());
        tasksDone++;
        if (event.taskMetrics() != null) {
            rowsRead += event.taskMetrics().inputMetrics().recordsRead();
        }
        Stage stage = running.get(event.stageId());
        if (stage != null && event.reason() instanceof org.apache.spark.Success$) {
            running.put(stage.id(), new Stage(stage.id(), stage.name(), stage.tasks(), stage.done() + 1, stage.startedAt()));
        }
    }

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted event) {
        if (running.remove(event.stageInfo().stageId()) != null) {
            stagesDone++;
        }
    }

    public synchronized Snapshot snapshot() {
        long inFlight = readByRunningTasks.values().stream().mapToLong(Long::longValue).sum();
        return new Snapshot(new LinkedHashMap<>(running), stagesDone, tasksDone, rowsRead + inFlight);
    }
}
