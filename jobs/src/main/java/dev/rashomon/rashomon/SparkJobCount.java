package dev.rashomon.rashomon;

import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Counts the Spark jobs started from this thread while it is open: they carry a job tag of their own
 * (jobs of other threads do not), and a listener counts the job starts with that tag.
 */
final class SparkJobCount implements AutoCloseable {
    /** The local property Spark keeps the job tags in (SparkContext.SPARK_JOB_TAGS). */
    private static final String TAGS = "spark.job.tags";
    private final SparkContext context;
    private final String tag = "rashomon-exploration-" + UUID.randomUUID();
    private final AtomicInteger jobs = new AtomicInteger();
    private final SparkListener listener = new SparkListener() {
        @Override
        public void onJobStart(SparkListenerJobStart start) {
            String tags = start.properties() == null ? null : start.properties().getProperty(TAGS);
            if (tags != null && Arrays.asList(tags.split(",")).contains(tag)) {
                jobs.incrementAndGet();
            }
        }
    };

    SparkJobCount(SparkContext context) {
        this.context = context;
        context.addSparkListener(listener);
        context.addJobTag(tag);
    }

    /** Jobs started so far, once the listener has seen every event posted until now (waits at most 10 s). */
    int jobs() {
        try {
            context.listenerBus().waitUntilEmpty(10_000);
        } catch (TimeoutException e) {
            // The count may miss the last jobs; it is a profile figure, not a result.
        }
        return jobs.get();
    }

    @Override
    public void close() {
        context.removeJobTag(tag);
        context.removeSparkListener(listener);
    }
}
