package dev.rashomon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.hadoop.fs.s3a.HttpChannelEOFException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

class StorageFailureTest {
    private static final String TASK_FAILURE = "Job aborted due to stage failure: Task 0 in stage 4.0 failed 1 times, most recent"
            + " failure: Lost task 0.0 in stage 4.0 (TID 5) (localhost executor driver): java.net.ConnectException: getFileStatus on"
            + " s3a://rashomon/out/outrank/_staging/R/feature_ranking/part-00000.parquet: software.amazon.awssdk.core.exception."
            + "SdkClientException: Unable to execute HTTP request: Connect to 127.0.0.1:34509 [/127.0.0.1] failed: Connection refused";

    @Test
    void anUnreachableS3ServerBehindASparkTaskFailureIsWhereAndWhy() {
        ConnectException refused = new ConnectException("getFileStatus on s3a://rashomon/out/outrank/_staging/R/feature_ranking/"
                + "part-00000.parquet: SdkClientException: Unable to execute HTTP request: Connect to 127.0.0.1:34509 failed: Connection refused");
        refused.initCause(new ConnectException("Connection refused"));
        assertThat(StorageFailure.describe(new SparkException(TASK_FAILURE, refused))).contains(
                "cannot reach the storage at s3a://rashomon/out/outrank/_staging/R/feature_ranking/part-00000.parquet: Connection refused,"
                        + " after S3A's retries (fs.s3a.retry.limit, fs.s3a.attempts.maximum)");
    }

    @Test
    void otherNetworkFailuresSayWhatWentWrongAndHdfsNamesNoS3Settings() {
        assertThat(StorageFailure.describe(new RuntimeException("read failed", new UnknownHostException("namenode.example"))))
                .contains("cannot reach the storage: unknown host namenode.example");
        assertThat(StorageFailure.describe(new SocketTimeoutException("hdfs://nn:8020/data/x: read timed out after 60000 ms")))
                .contains("cannot reach the storage at hdfs://nn:8020/data/x: timed out");
        assertThat(StorageFailure.describe(new SparkException(TASK_FAILURE, new HttpChannelEOFException("s3a://b/k",
                "getFileStatus on s3a://b/k: SdkClientException: The target server failed to respond", null))))
                .contains("cannot reach the storage at s3a://b/k: the server closed the connection, after S3A's retries"
                        + " (fs.s3a.retry.limit, fs.s3a.attempts.maximum)");
    }

    @Test
    void failuresThatAreNotAboutReachingTheStorageKeepTheirOwnLine() {
        assertThat(StorageFailure.describe(new SparkException("Job aborted", new FileNotFoundException("s3a://b/k")))).isEmpty();
        assertThat(StorageFailure.describe(new IllegalStateException("boom"))).isEmpty();
    }
}
