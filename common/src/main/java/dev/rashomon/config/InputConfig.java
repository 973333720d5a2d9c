package dev.rashomon.config;

import static dev.rashomon.config.ConfigValues.check;
import static dev.rashomon.config.ConfigValues.orDefault;
import static dev.rashomon.config.ConfigValues.orEmpty;
import static dev.rashomon.config.ConfigValues.require;

import java.util.Map;

/** Where a job reads its rows from. */
public record InputConfig(
        @Doc(value = "file, folder or glob; local, hdfs:// or s3a://", required = true) String path,
        @Doc(value = "how the files are encoded", required = true) Format format,
        @Doc("options passed to Spark's reader, e.g. header, delimiter, quote, compression") Map<String, String> options,
        @Doc("what to do with a row that cannot be read (wrong field count, no label, text in a numeric column): "
                + "fail the run, skip it and count it in run.json, or reject it: skip it and keep it in the "
                + "rejected table (outrank's exact mode)") BadRows badRows,
        @Doc("how many skipped rows to quote in run.json") Integer badRowExamples) {

    /** Input encodings. */
    public enum Format implements Choice {
        CSV, TSV, PARQUET, ORC, JSON, LIBSVM, VW,
        /** OutRank's layout: a folder with data.csv (ISO-8859-1), its first line the header. */
        CSV_RAW,
        /** OutRank's ob-vw layout: a folder with vw_namespace_map.csv and data.vw.gz (outrank-compat mode). */
        OB_VW
    }

    /** The bad-row policy. */
    public enum BadRows implements Choice {
        FAIL, SKIP,
        /** As SKIP, and every bad row is written to a {@code rejected} table. */
        REJECT;

        /** Refuses REJECT where a job cannot write the rejected table. */
        public void requireNoRejectedTable(String where) {
            ConfigValues.check(this != REJECT, "input.bad_rows", "fail or skip " + where
                    + " (reject, which keeps the rows in a rejected table, is outrank's exact mode only)", configName());
        }
    }

    public InputConfig {
        options = orEmpty(options);
        badRows = orDefault(badRows, BadRows.FAIL);
        badRowExamples = orDefault(badRowExamples, 5);
    }

    public void validate() {
        require(path, "input.path");
        require(format, "input.format");
        check(badRowExamples >= 0, "input.bad_row_examples", "0 or more", badRowExamples);
    }
}
