package dev.rashomon.bench.outrank;

import dev.rashomon.bench.Meter;
import dev.rashomon.cli.Rashomon;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Our outrank job run through {@link Rashomon#execute} on the shared session, measured from config to tables written. */
final class OutrankRun {
    private OutrankRun() {
    }

    /** Runs outrank with this YAML config; fails with the job's stderr unless it exits 0. */
    static Meter.Reading measured(SparkSession spark, Meter meter, String yaml) throws IOException {
        Path config = Files.createTempFile("bench-outrank", ".yaml");
        Files.writeString(config, yaml);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        meter.start();
        int code = Rashomon.execute(List.of("outrank", "--config", config.toString(), "--quiet"), () -> spark, false,
                System.out, new PrintStream(err, true));
        Meter.Reading reading = meter.stop();
        Files.delete(config);
        if (code != Rashomon.OK) {
            throw new IllegalStateException("outrank failed (exit " + code + "): " + err);
        }
        return reading;
    }
}
