package dev.rashomon.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.testing.ListeningSockets;
import dev.rashomon.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/**
 * The tests' own Spark driver (the session every SparkTestBase shares: RPC and block manager, UI
 * off) listens on 127.0.0.1 only, also while and after it runs a job.
 */
class LoopbackTest extends SparkTestBase {

    @Test
    void theTestDriverListensOnLoopbackOnly() {
        RunResult ranked = run("outrank", "--config", config("""
                input: {path: %s, format: csv}
                label: {column: class}
                features: {include: [checking_status, duration]}
                output: {path: %s}
                """.formatted(sample("german_credit.csv.gz"), temp.resolve("out"))).toString());
        assertThat(ranked.exitCode()).as(ranked.err()).isZero();
        assertThat(ListeningSockets.ofTree(ProcessHandle.current())).as("this JVM's listening sockets")
                .isNotEmpty().allMatch(address -> address.matches(ListeningSockets.LOOPBACK), "bound to 127.0.0.1");
    }
}
