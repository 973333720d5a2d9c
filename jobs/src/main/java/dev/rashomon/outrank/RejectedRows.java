package dev.rashomon.outrank;

import dev.rashomon.dataset.RowDecoder;
import dev.rashomon.dataset.RowVisitor;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code input.bad_rows: reject}: the bad rows themselves, as a table of file, record and reason.
 * The counting pass only counts them (and quotes a few), so they are found by decoding the input
 * again with the same decoder, which decides exactly as it did then; only when there are any.
 */
final class RejectedRows {
    static final StructType SCHEMA = new StructType()
            .add("file", DataTypes.StringType, false)
            .add("record", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, false);

    private RejectedRows() {
    }

    static Dataset<Row> table(SparkSession spark, Dataset<Row> rows, RowDecoder decoder, long badRows) {
        if (badRows == 0) {
            return spark.createDataFrame(List.of(), SCHEMA);
        }
        return spark.createDataFrame(rows.javaRDD().mapPartitions(partition -> {
            List<Row> rejected = new ArrayList<>();
            RowVisitor collector = new RowVisitor() {
                @Override
                public void row(String labelClass) {
                }

                @Override
                public void value(String feature, String value) {
                }

                @Override
                public void sampledOut() {
                }

                @Override
                public void badRow(String reason, String file, String record) {
                    rejected.add(RowFactory.create(file == null ? "" : file, record == null ? "" : record, reason));
                }
            };
            partition.forEachRemaining(row -> decoder.decode(row, collector));
            return rejected.iterator();
        }), SCHEMA);
    }
}
