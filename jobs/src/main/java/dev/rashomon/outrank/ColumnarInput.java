package dev.rashomon.outrank;

import dev.rashomon.dataset.RowDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The label and feature columns of an input as Spark's columnar batches, straight from the file
 * scan (the vectorized Parquet and ORC readers), with no conversion to rows. Empty when the input
 * or the decoding cannot be read that way; the caller then decodes rows.
 *
 * @param batches the batches, columns in {@code columns} order
 * @param columns the batch columns' names
 * @param types their types
 */
record ColumnarInput(JavaRDD<ColumnarBatch> batches, List<String> columns, List<DataType> types) {
    /** Spark reads columnar batches only up to this many columns unless told otherwise. */
    private static final String MAX_FIELDS = "spark.sql.codegen.maxFields";

    static Optional<ColumnarInput> of(Dataset<Row> rows, RowDecoder decoder) {
        Optional<RowDecoder.ColumnPlan> plan = decoder.columnPlan();
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        Set<String> wanted = new java.util.HashSet<>(plan.get().features());
        wanted.add(plan.get().label());
        List<String> columns = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            if (wanted.contains(field.name())) {
                if (!ColumnCells.readable(field.dataType())) {
                    return Optional.empty();
                }
                columns.add(field.name());
                types.add(field.dataType());
            }
        }
        Dataset<Row> selected = rows.select(columns.stream().map(functions::col).toArray(Column[]::new));
        RuntimeConfig conf = rows.sparkSession().conf();
        String maxFields = conf.contains(MAX_FIELDS) ? conf.get(MAX_FIELDS) : null;
        // Spark checks the limit while it plans the scan and builds its reader, both here on the driver.
        conf.set(MAX_FIELDS, Math.max(100, columns.size() + 1));
        try {
            return scan(selected.queryExecution().executedPlan())
                    .filter(scan -> names(scan.output()).equals(columns))
                    .map(scan -> new ColumnarInput(scan.executeColumnar().toJavaRDD(), List.copyOf(columns), List.copyOf(types)));
        } finally {
            if (maxFields == null) {
                conf.unset(MAX_FIELDS);
            } else {
                conf.set(MAX_FIELDS, maxFields);
            }
        }
    }

    /** The plan's file scan, when it is the plan's only leaf and gives columnar batches. */
    private static Optional<FileSourceScanExec> scan(SparkPlan plan) {
        List<SparkPlan> leaves = CollectionConverters.asJava(plan.collectLeaves());
        if (leaves.size() == 1 && leaves.get(0) instanceof FileSourceScanExec scan && scan.supportsColumnar()) {
            return Optional.of(scan);
        }
        return Optional.empty();
    }

    private static List<String> names(scala.collection.immutable.Seq<Attribute> output) {
        return CollectionConverters.asJava(output).stream().map(Attribute::name).toList();
    }
}
