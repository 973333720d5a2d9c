package dev.rashomon.bench;

import org.apache.spark.sql.SparkSession;

/** The benchmarks' SparkSession: local mode, bound to 127.0.0.1, no UI. */
public final class Sessions {
    private Sessions() {
    }

    public static SparkSession local(String name) {
        return SparkSession.builder().appName("bench " + name).master(System.getProperty("bench.master", "local[2]"))
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
    }
}
