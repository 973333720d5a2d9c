package dev.rashomon.cli;

import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.sql.SparkSession;

/**
 * A run that failed for want of memory, in the driver (an {@link OutOfMemoryError} in this JVM) or
 * in an executor (Spark reports the task's error in the text of a {@link SparkException}), turned
 * into one line that says so and what to raise, ahead of the stack trace.
 */
final class OutOfMemory {
    private static final String ERROR_NAME = OutOfMemoryError.class.getName();
    /** Spark's executor exit code after an OutOfMemoryError (SparkExitCode.OOM). */
    private static final String EXECUTOR_OOM_EXIT = "exit code 52";
    /** How deep in a task error's causes Spark looks for a fatal error to kill the executor JVM. */
    static final String KILL_ON_FATAL_ERROR_DEPTH = "spark.executor.killOnFatalError.depth";

    private OutOfMemory() {
    }

    /** The error line for a failure caused by running out of memory, or empty for any other failure. */
    static Optional<String> describe(Throwable failure, String job) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return Optional.of("out of memory in the driver while running " + job + " (" + oom.getMessage()
                        + "); raise --driver-memory, or lower what the driver collects");
            }
            if (t instanceof SparkException && t.getMessage() != null
                    && (t.getMessage().contains(ERROR_NAME) || t.getMessage().contains(EXECUTOR_OOM_EXIT))) {
                return Optional.of("out of memory in an executor while running " + job + " (" + taskError(t.getMessage())
                        + "); raise --conf spark.executor.memory (with a local master: --driver-memory), "
                        + "or spread the work over more tasks (--conf spark.default.parallelism, spark.sql.shuffle.partitions)");
            }
        }
        return Optional.empty();
    }

    /** The task's error as Spark quotes it, e.g. "java.lang.OutOfMemoryError: Java heap space". */
    private static String taskError(String message) {
        int at = message.indexOf(ERROR_NAME);
        if (at < 0) {
            return "the executor exited with " + EXECUTOR_OOM_EXIT;
        }
        return message.substring(at).lines().findFirst().orElse(ERROR_NAME).strip();
    }

    /**
     * With a local master the executor is this JVM, and Spark ends a JVM whose task ran out of
     * memory (System.exit(52)) before the run can say why. Depth 0 makes such a task fail like any
     * other, so the run ends through its own error handling: staging removed, this line printed.
     */
    static SparkSession.Builder keepLocalDriverAlive(SparkSession.Builder builder, SparkConf conf) {
        if (conf.get("spark.master", "").startsWith("local") && !conf.contains(KILL_ON_FATAL_ERROR_DEPTH)) {
            return builder.config(KILL_ON_FATAL_ERROR_DEPTH, "0");
        }
        return builder;
    }
}
