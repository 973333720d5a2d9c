package dev.rashomon.cli;

import dev.rashomon.run.RunContext;
import org.apache.spark.sql.SparkSession;

/**
 * A job of the suite: a name, a config record, and a run over a SparkSession. Main classes stay
 * thin; a job's logic lives in its package.
 *
 * @param <C> the job's config record
 */
public interface Job<C extends Record> {
    String name();

    String description();

    Class<C> configType();

    /** Checks the config beyond its types (required keys, ranges), before any Spark work. */
    void validate(C config);

    /** Runs the job; throws {@link dev.rashomon.run.UserError} for bad input. */
    void run(SparkSession spark, C config, RunContext context) throws Exception;
}
