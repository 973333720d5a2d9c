package dev.rashomon.bench.multiplicity;

import static org.apache.spark.sql.functions.col;

import dev.rashomon.cli.Rashomon;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Our {@code multiplicity} job, run through {@link Rashomon#execute} on the shared session. */
final class JobContender {
    private JobContender() {
    }

    /** Writes the config, runs the job on one layout and returns its output folder. */
    static Path run(SparkSession spark, Path predictions, String layout, Path losses, Path runs, List<Double> epsilons, double threshold) {
        Path output = runs.resolve(layout);
        Path config = runs.resolve("multiplicity-" + layout + ".yaml");
        try {
            PredictionGenerator.deleteRecursively(output);
            Files.createDirectories(runs);
            Files.writeString(config, String.join("\n",
                    "predictions:",
                    "  path: " + predictions.toAbsolutePath(),
                    "  format: parquet",
                    "  layout: " + layout,
                    "losses:",
                    "  path: " + losses.toAbsolutePath(),
                    "  format: parquet",
                    "multiplicity:",
                    "  epsilon: [" + epsilons.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]",
                    "  threshold: " + threshold,
                    "output:",
                    "  path: " + output.toAbsolutePath(),
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int code = Rashomon.execute(List.of("multiplicity", "--config", config.toString(), "--quiet"), () -> spark, false, System.out, System.err);
        if (code != Rashomon.OK) {
            throw new IllegalStateException("the multiplicity job exited " + code + " on the " + layout + " layout");
        }
        return output;
    }

    /** The job's summary for all rows (group ""), as the measures the baselines compute. */
    static List<Measures> summary(SparkSession spark, Path output) {
        List<Row> rows = spark.read().parquet(output.resolve("summary").toString()).where(col("group").equalTo(""))
                .orderBy("epsilon").collectAsList();
        List<Measures> result = new ArrayList<>();
        for (Row r : rows) {
            result.add(new Measures(r.getDouble(r.fieldIndex("epsilon")), ((Number) r.getAs("set_size")).longValue(),
                    value(r, "ambiguity"), value(r, "ambiguity_vs_label"), value(r, "vpr_crossing_rate"), value(r, "vpr_width_mean"),
                    value(r, "max_score_deviation_mean"), value(r, "discrepancy")));
        }
        return result;
    }

    private static double value(Row r, String column) {
        return ((Number) r.getAs(column)).doubleValue();
    }
}
