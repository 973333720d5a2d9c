package dev.rashomon.multiplicity;

import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import scala.Function1;
import scala.Function2;

/**
 * Wide binary predictions whose scores are an array of doubles, read from Spark's internal rows: the array is
 * copied into the row's {@code double[]} at once, where the Row path boxes every score and then unboxes it.
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
        return rows.queryExecution().toRdd().toJavaRDD().mapPartitions(partition -> {
            @SuppressWarnings("unchecked")
            Function1<Object, Object>[] toExternal = new Function1[types.length];
            // InternalRow.get(i, type) resolves the type's physical form (reading the SQL conf) on every call; an
            // accessor resolves it once.
            @SuppressWarnings("unchecked")
            Function2<SpecializedGetters, Object, Object>[] accessors = new Function2[types.length];
            for (int i = 0; i < types.length; i++) {
                toExternal[i] = i == scores ? null : CatalystTypeConverters.createToScalaConverter(types[i]);
                accessors[i] = i == scores ? null : InternalRow.getAccessor(types[i], false);
            }
            return new Iterator<PoolRow>() {
                @Override
                public boolean hasNext() {
                    return partition.hasNext();
                }

                @Override
                public PoolRow next() {
                    // The internal row is reused by the scan: take everything out of it now.
                    InternalRow internal = partition.next();
                    Object[] values = new Object[types.length];
                    for (int i = 0; i < types.length; i++) {
                        if (i != scores && !internal.isNullAt(i)) {
                            values[i] = toExternal[i].apply(accessors[i].apply(internal, i));
                        }
                    }
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
                    return parser.wideRow(RowFactory.create(values), scoreValues, nullScore, expectedModels);
                }
            };
        });
    }
}
