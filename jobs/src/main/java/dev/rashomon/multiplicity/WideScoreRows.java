package dev.rashomon.multiplicity;

import dev.rashomon.io.TabularInput;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.InputFileBlockHolder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.InputFileName;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Function1;
import scala.Function2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Wide binary predictions whose scores are an array of doubles, read from Spark's internal rows: the array is
 * copied into the row's {@code double[]} at once, where the Row path boxes every score and then unboxes it.
 * When the input is a plain columnar file scan (Parquet, ORC), the rows are read from its column batches, so
 * the scores go from the scan's vector to the {@code double[]} without being assembled into a row first.
 * The other columns become an ordinary Row, so every check and message is {@link LineParser}'s.
 */
final class WideScoreRows {
    private WideScoreRows() {
    }

    /** Whether the scores column is an array of doubles, which this reader takes. */
    static boolean applies(DataType scoresType) {
        return scoresType instanceof ArrayType array && array.elementType().equals(DataTypes.DoubleType);
    }

    static JavaRDD<PoolRow> read(Dataset<Row> rows, LineParser parser, int expectedModels) {
        StructField[] fields = rows.schema().fields();
        int scores = rows.schema().fieldIndex(PredictionReader.SCORES);
        DataType[] types = new DataType[fields.length];
        for (int i = 0; i < fields.length; i++) {
            types[i] = fields[i].dataType();
        }
        int file = List.of(rows.columns()).indexOf(TabularInput.FILE_COLUMN);
        Optional<FileSourceScanExec> scan = columnarScan(rows.queryExecution().executedPlan(), file);
        if (scan.isPresent()) {
            return scan.get().executeColumnar().toJavaRDD().mapPartitions(batches -> {
                RowMaker maker = new RowMaker(types, scores, file, parser, expectedModels);
                return new BatchRows(batches, maker, scores);
            });
        }
        return rows.queryExecution().toRdd().toJavaRDD().mapPartitions(partition -> {
            RowMaker maker = new RowMaker(types, scores, file, parser, expectedModels);
            return new Iterator<PoolRow>() {
                @Override
                public boolean hasNext() {
                    return partition.hasNext();
                }

                @Override
                public PoolRow next() {
                    // The internal row is reused by the scan: take everything out of it now.
                    InternalRow internal = partition.next();
                    double[] scoreValues = null;
                    int nullScore = -1;
                    if (!internal.isNullAt(scores)) {
                        ArrayData array = internal.getArray(scores);
                        for (int j = 0; j < array.numElements() && nullScore < 0; j++) {
                            if (array.isNullAt(j)) {
                                nullScore = j;
                            }
                        }
                        scoreValues = nullScore < 0 ? array.toDoubleArray() : new double[array.numElements()];
                    }
                    return maker.row(internal, scoreValues, nullScore, null);
                }
            };
        });
    }

    /**
     * The file scan when the plan is that scan alone, or the scan with {@link TabularInput#FILE_COLUMN} added last
     * (as rows, or whole-stage code around it): its batches then hold exactly the rows' other columns, in order.
     * Any other filter or projection in between, or a row-based scan, and the rows are read through the plan.
     *
     * @param file the index of the file column among the rows' columns, or -1
     */
    static Optional<FileSourceScanExec> columnarScan(SparkPlan plan, int file) {
        SparkPlan at = plan;
        ProjectExec project = null;
        while (true) {
            if (at instanceof WholeStageCodegenExec stage) {
                at = stage.child();
            } else if (at instanceof ColumnarToRowExec toRows) {
                at = toRows.child();
            } else if (at instanceof InputAdapter adapter) {
                at = adapter.child();
            } else if (at instanceof ProjectExec p && project == null) {
                project = p;
                at = p.child();
            } else {
                break;
            }
        }
        if (!(at instanceof FileSourceScanExec scan) || !scan.supportsColumnar()) {
            return Optional.empty();
        }
        List<Attribute> scanned = CollectionConverters.asJava(scan.output());
        if (project == null) {
            return file < 0 ? Optional.of(scan) : Optional.empty();
        }
        List<NamedExpression> projected = CollectionConverters.asJava(project.projectList());
        boolean columnsThenFile = file == scanned.size() && projected.size() == file + 1
                && projected.subList(0, file).equals(scanned)
                && projected.get(file) instanceof Alias alias && alias.child() instanceof InputFileName;
        return columnsThenFile ? Optional.of(scan) : Optional.empty();
    }

    /** Turns one internal row and its scores into a {@link PoolRow} through the parser's checks. */
    private static final class RowMaker {
        private final int scores;
        private final int file;
        private final LineParser parser;
        private final int expectedModels;
        private final Function1<Object, Object>[] toExternal;
        private final Function2<SpecializedGetters, Object, Object>[] accessors;
        // Every row of a file names it: the name is converted once per file, not once per row.
        private UTF8String lastFileBytes;
        private String lastFile;

        @SuppressWarnings("unchecked")
        RowMaker(DataType[] types, int scores, int file, LineParser parser, int expectedModels) {
            this.scores = scores;
            this.file = file;
            this.parser = parser;
            this.expectedModels = expectedModels;
            toExternal = new Function1[types.length];
            // InternalRow.get(i, type) resolves the type's physical form (reading the SQL conf) on every call; an
            // accessor resolves it once.
            accessors = new Function2[types.length];
            for (int i = 0; i < types.length; i++) {
                toExternal[i] = i == scores ? null : CatalystTypeConverters.createToScalaConverter(types[i]);
                accessors[i] = i == scores ? null : InternalRow.getAccessor(types[i], false);
            }
        }

        /** @param fileName the row's file when {@code internal} lacks the file column (a scan's batch row), else null */
        PoolRow row(InternalRow internal, double[] scoreValues, int nullScore, String fileName) {
            Object[] values = new Object[toExternal.length];
            for (int i = 0; i < values.length; i++) {
                if (i == file) {
                    values[i] = fileName != null ? fileName : fileOf(internal);
                } else if (i != scores && !internal.isNullAt(i)) {
                    values[i] = toExternal[i].apply(accessors[i].apply(internal, i));
                }
            }
            return parser.wideRow(RowFactory.create(values), scoreValues, nullScore, expectedModels);
        }

        private String fileOf(InternalRow internal) {
            if (internal.isNullAt(file)) {
                return null;
            }
            UTF8String name = internal.getUTF8String(file);
            if (!name.equals(lastFileBytes)) {
                lastFileBytes = name.copy();
                lastFile = name.toString();
            }
            return lastFile;
        }
    }

    /** The rows of a partition's column batches, in order. */
    private static final class BatchRows implements Iterator<PoolRow> {
        private final Iterator<ColumnarBatch> batches;
        private final RowMaker maker;
        private final int scores;
        private ColumnarBatch batch;
        private String file;
        private int row;

        BatchRows(Iterator<ColumnarBatch> batches, RowMaker maker, int scores) {
            this.batches = batches;
            this.maker = maker;
            this.scores = scores;
        }

        @Override
        public boolean hasNext() {
            // The scan reuses a batch's vectors for the next one: a batch is done with before asking for another.
            while (batch == null || row == batch.numRows()) {
                if (!batches.hasNext()) {
                    return false;
                }
                batch = batches.next();
                file = InputFileBlockHolder.getInputFilePath().toString();
                row = 0;
            }
            return true;
        }

        @Override
        public PoolRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int at = row++;
            ColumnVector vector = batch.column(scores);
            double[] scoreValues = null;
            int nullScore = -1;
            if (!vector.isNullAt(at)) {
                ColumnarArray array = vector.getArray(at);
                int n = array.numElements();
                for (int j = 0; j < n && nullScore < 0; j++) {
                    if (array.isNullAt(j)) {
                        nullScore = j;
                    }
                }
                // The bulk copy (toDoubleArray) needs plain values: Spark's own vectors without a dictionary.
                boolean plain = vector instanceof WritableColumnVector writable
                        && !writable.getChild(0).hasDictionary();
                scoreValues = nullScore >= 0 ? new double[n] : plain ? array.toDoubleArray() : elements(array, n);
            }
            return maker.row(batch.getRow(at), scoreValues, nullScore, file);
        }

        private static double[] elements(ColumnarArray array, int n) {
            double[] out = new double[n];
            for (int j = 0; j < n; j++) {
                out[j] = array.getDouble(j);
            }
            return out;
        }
    }
}
