package dev.rashomon.outrank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.SparkTestBase;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;

/**
 * A full ranking reads its input exactly once: exactly one stage of the run reads the input
 * files, and its tasks read each row once (the summary, scores, binning and write all work from
 * the counting shuffle, never from the input). Spark also counts records read from cached blocks
 * as "input", so only stages that contain a file scan are counted.
 */
class ScanCountTest extends SparkTestBase {
    private static final long BANK_ROWS = 45_211;

    @Test
    void aFullRankingScansTheInputOnce() throws Exception {
        assertThat(recordsReadByRanking("categorical")).isEqualTo(BANK_ROWS);
    }

    @Test
    void binningNumericColumnsStillScansTheInputOnce() throws Exception {
        assertThat(recordsReadByRanking("bins")).isEqualTo(BANK_ROWS);
    }

    @Test
    void parquetCountedFromColumnVectorsIsScannedOnce() throws Exception {
        Path parquet = temp.resolve("bank-parquet");
        bankRows().repartition(3).write().parquet(parquet.toString());
        assertThat(recordsReadByRanking("categorical", parquet, "parquet")).isEqualTo(BANK_ROWS);
    }

    private long recordsReadByRanking(String numericMode) throws Exception {
        return recordsReadByRanking(numericMode, sample("bank_marketing.csv.gz"), "csv");
    }

    /** Records read by tasks of file-scanning stages; asserts there was exactly one such stage. */
    private long recordsReadByRanking(String numericMode, Path input, String format) throws Exception {
        Map<Integer, Long> recordsReadByStage = new ConcurrentHashMap<>();
        Set<Integer> scanStages = ConcurrentHashMap.newKeySet();
        SparkListener listener = new SparkListener() {
            @Override
            public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
                StageInfo stage = submitted.stageInfo();
                if (CollectionConverters.asJava(stage.rddInfos()).stream().anyMatch(rdd -> rdd.name().contains("FileScanRDD"))) {
                    scanStages.add(stage.stageId());
                }
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                if (taskEnd.taskMetrics() != null) {
                    recordsReadByStage.merge(taskEnd.stageId(), taskEnd.taskMetrics().inputMetrics().recordsRead(), Long::sum);
                }
            }
        };
        Path out = temp.resolve(numericMode);
        spark.sparkContext().addSparkListener(listener);
        try {
            RunResult result = run("outrank", "--config", config("""
                    input: {path: %s, format: %s}
                    label: {column: y}
                    numeric: {mode: %s%s}
                    output: {path: %s}
                    """.formatted(input, format, numericMode,
                    format.equals("csv") ? ", columns: [age, balance, day, duration, campaign, pdays, previous]" : "",
                    out)).toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
            spark.sparkContext().listenerBus().waitUntilEmpty(60_000);
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
        assertThat(ranking(out.resolve("feature_ranking"))).hasSize(16);
        assertThat(scanStages).as("stages that read the input files").hasSize(1);
        return scanStages.stream().mapToLong(stage -> recordsReadByStage.getOrDefault(stage, 0L)).sum();
    }
}
