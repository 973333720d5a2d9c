package dev.rashomon.multiplicity;

import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CallSite;

/**
 * Names the Spark jobs of each step of the job (job description and call site), so the UI, the event log and
 * stage timings say "multiplicity: measure rows" instead of an internal frame such as
 * {@code withThreadLocalCaptured}. Both are thread-local properties and are restored afterwards.
 */
final class SparkSteps {
    private final SparkContext context;

    SparkSteps(SparkSession spark) {
        this.context = spark.sparkContext();
    }

    <T> T named(String step, Supplier<T> work) {
        String description = context.getLocalProperty("spark.job.description");
        String callSite = context.getLocalProperty(CallSite.SHORT_FORM());
        String name = "multiplicity: " + step;
        context.setJobDescription(name);
        context.setCallSite(name);
        try {
            return work.get();
        } finally {
            context.setJobDescription(description);
            if (callSite == null) {
                context.clearCallSite();
            } else {
                context.setCallSite(callSite);
            }
        }
    }
}
