package dev.rashomon.outrank;

import dev.rashomon.dataset.RowDecoder;
import java.util.List;
import org.apache.spark.rdd.InputFileBlockHolder;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Counts one partition from Spark's columnar batches into a {@link PartitionCounter}, a column at a
 * time: the label column first gives every row its class (or makes it a bad row), then each feature
 * column adds its rows. Gives the same records as decoding the rows one by one.
 */
final class ColumnarCounter {
    private final PartitionCounter counter;
    private final RowDecoder decoder;
    private final int labelColumn;
    private final List<String> columns;
    private final int[] featureColumns;
    private final ColumnCells label;
    private final ColumnCells[] features;
    private int[] rowClass = new int[4096];

    /**
     * @param columns the batch's columns by name, in order
     * @param types their types
     */
    ColumnarCounter(PartitionCounter counter, RowDecoder decoder, RowDecoder.ColumnPlan plan, List<String> columns,
                    List<DataType> types) {
        this.counter = counter;
        this.decoder = decoder;
        this.columns = columns;
        this.labelColumn = columns.indexOf(plan.label());
        this.label = new ColumnCells(types.get(labelColumn), new ValueSlots(1), (slot, text) -> {
            String labelClass = decoder.labelClass(text);
            return labelClass == null ? ColumnCells.NULL : counter.classIndex(labelClass);
        });
        int features = plan.features().size();
        this.featureColumns = new int[features];
        this.features = new ColumnCells[features];
        for (int f = 0; f < features; f++) {
            featureColumns[f] = columns.indexOf(plan.features().get(f));
            this.features[f] = new ColumnCells(types.get(featureColumns[f]), counter.values(plan.features().get(f)),
                    (slot, text) -> decoder.isMissing(text) ? ColumnCells.NULL : slot);
        }
    }

    void count(ColumnarBatch batch) {
        int rows = batch.numRows();
        if (rows > rowClass.length) {
            rowClass = new int[rows];
        }
        label.codes(batch.column(labelColumn), rows, rowClass);
        for (int row = 0; row < rows; row++) {
            if (rowClass[row] == ColumnCells.NULL) {
                badRow(batch, row);
            } else {
                counter.countRow(rowClass[row]);
            }
        }
        for (int f = 0; f < features.length; f++) {
            features[f].addRows(batch.column(featureColumns[f]), rows, rowClass, counter.classWidth());
        }
    }

    /** Adds what the columns still hold back; the counter is complete after this. */
    void finish() {
        for (ColumnCells feature : features) {
            feature.flush();
        }
    }

    /** A row without a usable label: the same reason and file as the row path, the read columns as its text. */
    private void badRow(ColumnarBatch batch, int row) {
        String raw = ColumnCells.text(batch.column(labelColumn), row);
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            if (c > 0) {
                text.append(',');
            }
            String cell = ColumnCells.text(batch.column(c), row);
            text.append(cell == null ? "" : cell);
        }
        counter.badRow(decoder.badLabelReason(raw), InputFileBlockHolder.getInputFilePath().toString(), text.toString());
    }
}
