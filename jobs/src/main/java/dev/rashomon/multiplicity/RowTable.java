package dev.rashomon.multiplicity;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The per-row measures as a table: one row per (evaluation row, ε with a non-empty set) with the row's group values and
 * every {@link RowMeasure} (null where undefined): the {@code per_row} output, built only when it is asked for
 * and written once, so it is not persisted.
 */
final class RowTable {
    static final String EPSILON = "epsilon";
    static final String GROUP_KEYS = "_group_keys";

    private RowTable() {
    }

    static StructType schema(DataType rowIdType, List<String> groupColumns) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(PredictionReader.ROW_ID, rowIdType, false));
        fields.add(DataTypes.createStructField(EPSILON, DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField(PredictionReader.LABEL, DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField(GROUP_KEYS, DataTypes.createArrayType(DataTypes.StringType), false));
        for (String group : groupColumns) {
            fields.add(DataTypes.createStructField(group, DataTypes.StringType, true));
        }
        for (RowMeasure measure : RowMeasure.values()) {
            fields.add(DataTypes.createStructField(measure.column(), DataTypes.DoubleType, true));
        }
        return DataTypes.createStructType(fields);
    }

    static Dataset<Row> build(SparkSession spark, JavaRDD<PoolRow> rows, PoolPass pass, Pool pool, DataType rowIdType,
                              List<String> groupColumns) {
        double[] epsilons = pool.epsilons();
        int[] sizes = pool.setSizes();
        int groups = groupColumns.size();
        JavaRDD<Row> records = rows.flatMap(row -> {
            double[][] measures = pass.epsilonMeasures(row);
            List<Row> out = new ArrayList<>(epsilons.length);
            String[] keys = PoolPass.groupsOf(row);
            for (int e = 0; e < epsilons.length; e++) {
                if (sizes[e] == 0) {
                    continue; // an empty set has no per-row measures
                }
                Object[] values = new Object[4 + groups + RowMeasure.COUNT];
                values[0] = row.rowId();
                values[1] = epsilons[e];
                values[2] = row.label();
                values[3] = scala.jdk.javaapi.CollectionConverters.asScala(List.of(keys)).toSeq();
                for (int g = 0; g < groups; g++) {
                    String key = row.groups()[g];
                    values[4 + g] = key.substring(key.indexOf('=') + 1);
                }
                for (int k = 0; k < RowMeasure.COUNT; k++) {
                    double value = measures[e][k];
                    values[4 + groups + k] = Double.isNaN(value) ? null : value;
                }
                out.add(RowFactory.create(values));
            }
            return out.iterator();
        });
        return spark.createDataFrame(records, schema(rowIdType, groupColumns));
    }
}
