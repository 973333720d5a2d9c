package dev.rashomon.ensemble;

import dev.rashomon.cli.Job;
import dev.rashomon.io.RunOutput;
import dev.rashomon.run.RunContext;
import dev.rashomon.run.RunMetadata;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a pool of MLlib binary classifiers (logistic regression, factorization machines, random
 * forests, GBTs; grids, seeds, bootstraps) on the training split of a table and scores every model
 * on the held-out selection split: the models table (losses, accuracy, AUC), per-row scores and
 * each model saved as an MLlib PipelineModel.
 */
public final class EnsembleJob implements Job<EnsembleConfig> {
    @Override
    public String name() {
        return "ensemble";
    }

    @Override
    public String description() {
        return "train a pool of MLlib classifiers and score each on a held-out selection split";
    }

    @Override
    public Class<EnsembleConfig> configType() {
        return EnsembleConfig.class;
    }

    @Override
    public void validate(EnsembleConfig config) {
        config.validate();
    }

    @Override
    public void run(SparkSession spark, EnsembleConfig config, RunContext context) throws Exception {
        RunMetadata run = new RunMetadata(name(), context.runId(), config);
        RunOutput output = RunOutput.prepare(spark, config.output().toOutputConfig(), context.runId(),
                java.util.Collections.singletonMap("input.path", config.input().path()));
        try {
            new EnsembleRun(spark, config, run, output, context.progress()).execute();
            output.commit(run);
        } catch (Throwable t) {
            output.abort();
            throw t;
        }
    }
}
