package dev.rashomon.outrank.compat;

import dev.rashomon.config.InputConfig;
import dev.rashomon.io.InputFiles;
import dev.rashomon.io.InputReader;
import dev.rashomon.io.TabularInput;
import dev.rashomon.run.UserError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Any of the suite's table formats (CSV, TSV, Parquet, ORC, JSON) as OutRank rows: every value a
 * string as written (an empty CSV field is '', a null of the other formats Python's None), in
 * file order. Spark orders a multi-file scan's
 * partitions by split size, not by path, so each file is read on its own and the files are joined
 * in path order; within a file, Spark keeps its splits in offset order. A CSV/TSV row with the
 * wrong field count is an invalid line, which OutRank drops.
 *
 * @param header the column names
 * @param rows the rows' fields in file order (null for an invalid row)
 */
record SuiteRows(List<String> header, JavaRDD<String[]> rows) {

    static SuiteRows read(SparkSession spark, InputConfig input) {
        if (input.format() == InputConfig.Format.LIBSVM || input.format() == InputConfig.Format.VW) {
            throw new UserError("outrank-compat reads tables: csv-raw, ob-vw, csv, tsv, parquet, orc or json; "
                    + input.format().configName() + " lines have no fixed columns");
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Path> files = InputFiles.list(input.path(), context.hadoopConfiguration());
        Map<String, String> options = new HashMap<>(input.options());
        // Spark reads an empty CSV field as null; a CSV has no None, and OutRank reads it as ''.
        String nullText = input.format() == InputConfig.Format.CSV || input.format() == InputConfig.Format.TSV ? "" : null;
        List<String> header = null;
        List<JavaRDD<String[]>> parts = new ArrayList<>();
        for (Path file : files) {
            TabularInput table = InputReader.open(spark, new InputConfig(file.toString(), input.format(), options,
                    input.badRows(), input.badRowExamples()));
            List<String> names = List.of(table.dataSchema().fieldNames());
            if (header == null) {
                header = names;
            } else if (!header.equals(names)) {
                throw new UserError("input file " + file + " has columns " + names + ", the first file " + header);
            }
            StructType schema = table.rows().schema();
            int[] data = names.stream().mapToInt(schema::fieldIndex).toArray();
            int corrupt = table.isDelimitedText() ? schema.fieldIndex(TabularInput.CORRUPT_COLUMN) : -1;
            parts.add(table.rows().javaRDD().map(row -> fields(row, data, corrupt, nullText)));
        }
        JavaRDD<String[]> rows = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            rows = rows.union(parts.get(i));
        }
        return new SuiteRows(header, rows);
    }

    private static String[] fields(Row row, int[] data, int corrupt, String nullText) {
        if (corrupt >= 0 && !row.isNullAt(corrupt)) {
            return null;
        }
        String[] fields = new String[data.length];
        for (int i = 0; i < data.length; i++) {
            Object value = row.get(data[i]);
            fields[i] = value == null ? nullText : value.toString();
        }
        return fields;
    }
}
