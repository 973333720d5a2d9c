package dev.rashomon.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Measures one contender at a time: wall time, shuffle bytes written by its tasks (a SparkListener),
 * the stages it ran, and peak heap — the sum of the heap pools' peak usage since a reset taken after
 * a GC at the start (an upper bound of the true peak, since pools peak at different moments), and
 * the JVM's CPU seconds, which vary less than wall time when other processes share the cores.
 */
public final class Meter extends SparkListener {
    public record Stage(String name, int tasks, double seconds) {
    }

    public record Reading(double seconds, double cpuSeconds, long shuffleBytes, long peakHeapBytes, List<Stage> stages) {
        /** Prints the {@code count} longest stages under a title, one line each. */
        public void printLongestStages(String title, int count) {
            System.out.println(title);
            stages.stream().sorted((x, y) -> Double.compare(y.seconds(), x.seconds())).limit(count)
                    .forEach(s -> System.out.printf("  %6.2f s  %4d tasks  %s%n", s.seconds(), s.tasks(), s.name()));
        }
    }

    private final SparkSession spark;
    private final AtomicLong shuffleBytes = new AtomicLong();
    private final List<Stage> stages = new ArrayList<>();
    private long startShuffle;
    private int startStages;
    private long startNanos;
    private long startCpuNanos;

    public Meter(SparkSession spark) {
        this.spark = spark;
        spark.sparkContext().addSparkListener(this);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
            shuffleBytes.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
        }
    }

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
        StageInfo info = completed.stageInfo();
        long millis = info.completionTime().isDefined() && info.submissionTime().isDefined()
                ? (Long) info.completionTime().get() - (Long) info.submissionTime().get() : 0;
        stages.add(new Stage(info.name(), info.numTasks(), millis / 1000.0));
    }

    public void start() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        drain();
        startShuffle = shuffleBytes.get();
        synchronized (this) {
            startStages = stages.size();
        }
        startNanos = System.nanoTime();
        startCpuNanos = processCpuNanos();
    }

    public Reading stop() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double cpuSeconds = (processCpuNanos() - startCpuNanos) / 1e9;
        long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        drain();
        synchronized (this) {
            return new Reading(seconds, cpuSeconds, shuffleBytes.get() - startShuffle, peak,
                    List.copyOf(stages.subList(startStages, stages.size())));
        }
    }

    /** CPU time of all the JVM's threads (Spark's tasks run in this JVM in local mode). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private void drain() {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain", e);
        }
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
}
