package dev.rashomon.bench.multiplicity;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Measures one contender in the shared JVM: wall time; peak heap in use (the JVM's whole heap, sampled every
 * 10 ms after a GC at the start, so it includes local mode's executor, and garbage not yet collected) and peak
 * heap after GC (the pools' usage after their last collection, nearer the live data); and from Spark: shuffle bytes
 * written, input bytes of the tasks, local file-system bytes read (Hadoop's statistics) and stage times.
 */
final class Meter extends SparkListener {
    private final SparkSession spark;
    private final AtomicLong shuffleWritten = new AtomicLong();
    private final AtomicLong inputBytes = new AtomicLong();
    private final List<Stage> stages = new ArrayList<>();

    record Stage(int id, String name, double seconds, int tasks) {
    }

    record Reading(double seconds, long peakHeapBytes, long peakHeapAfterGcBytes, long shuffleWriteBytes, long inputBytes, long fsBytesRead, List<Stage> stages) {
    }

    Meter(SparkSession spark) {
        this.spark = spark;
        spark.sparkContext().addSparkListener(this);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
            shuffleWritten.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
            inputBytes.addAndGet(end.taskMetrics().inputMetrics().bytesRead());
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        StageInfo info = completed.stageInfo();
        if (info.submissionTime().isDefined() && info.completionTime().isDefined()) {
            double seconds = ((Long) info.completionTime().get() - (Long) info.submissionTime().get()) / 1e3;
            synchronized (stages) {
                stages.add(new Stage(info.stageId(), callSite(info), seconds, info.numTasks()));
            }
        }
    }

    /** The stage's name, or the first frame of our code in its call site when Spark names it after a thread hop. */
    private static String callSite(StageInfo info) {
        return info.details().lines().map(String::strip).filter(l -> l.startsWith("dev.rashomon.") && !l.startsWith("dev.rashomon.bench."))
                .findFirst().orElse(info.name());
    }

    <T> T measure(Supplier<T> work, Reading[] reading) {
        settle();
        System.gc();
        long shuffleBefore = shuffleWritten.get();
        long inputBefore = inputBytes.get();
        long fsBefore = fsBytesRead();
        int stagesBefore;
        synchronized (stages) {
            stagesBefore = stages.size();
        }
        HeapSampler sampler = new HeapSampler();
        sampler.start();
        long start = System.nanoTime();
        T result = work.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = sampler.finish();
        long afterGc = sampler.peakAfterGc;
        settle();
        List<Stage> mine;
        synchronized (stages) {
            mine = new ArrayList<>(stages.subList(stagesBefore, stages.size()));
        }
        mine.sort(Comparator.comparingDouble(Stage::seconds).reversed());
        reading[0] = new Reading(seconds, peak, afterGc, shuffleWritten.get() - shuffleBefore, inputBytes.get() - inputBefore,
                fsBytesRead() - fsBefore, mine);
        return result;
    }

    /** Waits until the listener has seen every event posted so far. */
    private void settle() {
        try {
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long fsBytesRead() {
        return FileSystem.getAllStatistics().stream().filter(s -> s.getScheme().equals("file"))
                .mapToLong(FileSystem.Statistics::getBytesRead).sum();
    }

    /** The largest heap in use seen while it runs. */
    private static final class HeapSampler extends Thread {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private volatile boolean running = true;
        private long peak;
        private long peakAfterGc;

        HeapSampler() {
            setDaemon(true);
            setName("bench-heap-sampler");
        }

        @Override
        public void run() {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                // What the last collection left of each heap pool: the live data, not garbage awaiting GC.
                peakAfterGc = Math.max(peakAfterGc, ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null)
                        .mapToLong(p -> p.getCollectionUsage().getUsed()).sum());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long finish() {
            running = false;
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        }
    }
}
