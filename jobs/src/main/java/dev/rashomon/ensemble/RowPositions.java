package dev.rashomon.ensemble;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The position of every row in input order: files sorted by path, rows in file order, from 0.
 *
 * <p>Spark packs file splits into partitions largest first, so neither partition order nor
 * {@code zipWithIndex} follows the files' order once there are several files. A split is
 * identified by (file, block start) and read in one piece by one task; one pass counts each
 * split's rows, the splits sorted by (file, start) give each one its first position, and a second
 * pass numbers the rows of each split from there. Two reads of the input, as with zipWithIndex.
 */
final class RowPositions {
    /** 0-based position of the row in the whole input. */
    static final String POSITION = "_ens_position";
    /** 1-based number of the row within its file (for messages). */
    static final String FILE_ROW = "_ens_file_row";
    private static final String BLOCK = "_ens_block_start";

    private RowPositions() {
    }

    /** The rows with {@link #POSITION} and {@link #FILE_ROW} appended; {@code fileColumn} holds each row's file. */
    static Dataset<Row> attach(Dataset<Row> rows, String fileColumn) {
        Dataset<Row> located = rows.withColumn(BLOCK, functions.input_file_block_start());
        StructType schema = located.schema();
        int file = schema.fieldIndex(fileColumn);
        int block = schema.fieldIndex(BLOCK);
        List<long[]> counted = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (SplitCount split : located.javaRDD().mapPartitions(new CountSplits(file, block)).collect()) {
            files.add(split.file);
            counted.add(new long[] {split.start, split.rows, files.size() - 1});
        }
        counted.sort(Comparator.<long[], String>comparing(c -> files.get((int) c[2])).thenComparingLong(c -> c[0]));
        Map<String, long[]> firstPositions = new HashMap<>();
        long position = 0;
        String currentFile = null;
        long fileStart = 0;
        for (long[] split : counted) {
            String name = files.get((int) split[2]);
            if (!name.equals(currentFile)) {
                currentFile = name;
                fileStart = position;
            }
            firstPositions.put(key(name, split[0]), new long[] {position, position - fileStart});
            position += split[1];
        }
        StructType positioned = schema.add(POSITION, DataTypes.LongType, false).add(FILE_ROW, DataTypes.LongType, false);
        return located.mapPartitions(new NumberRows(file, block, firstPositions), Encoders.row(positioned)).drop(BLOCK);
    }

    private static String key(String file, long start) {
        return start + "@" + file;
    }

    /** The row count of one split of one partition. */
    record SplitCount(String file, long start, long rows) implements Serializable {
    }

    /** Pass 1: the rows of each split, in the order the partition reads them. */
    private record CountSplits(int file, int block) implements FlatMapFunction<Iterator<Row>, SplitCount> {
        @Override
        public Iterator<SplitCount> call(Iterator<Row> rows) {
            List<SplitCount> splits = new ArrayList<>();
            String currentFile = null;
            long currentStart = Long.MIN_VALUE;
            long count = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                String name = row.getString(file);
                long start = row.getLong(block);
                if (count > 0 && (start != currentStart || !name.equals(currentFile))) {
                    splits.add(new SplitCount(currentFile, currentStart, count));
                    count = 0;
                }
                currentFile = name;
                currentStart = start;
                count++;
            }
            if (count > 0) {
                splits.add(new SplitCount(currentFile, currentStart, count));
            }
            return splits.iterator();
        }
    }

    /** Pass 2: each row gets its split's first position plus its index within the split. */
    private record NumberRows(int file, int block, Map<String, long[]> firstPositions)
            implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new Iterator<>() {
                private String currentFile;
                private long currentStart;
                private long position;
                private long fileRow;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row row = rows.next();
                    String name = row.getString(file);
                    long start = row.getLong(block);
                    if (currentFile == null || start != currentStart || !name.equals(currentFile)) {
                        long[] first = firstPositions.get(key(name, start));
                        if (first == null) {
                            throw new IllegalStateException("input split " + key(name, start) + " was not seen when "
                                    + "counting rows; did the input change during the run?");
                        }
                        currentFile = name;
                        currentStart = start;
                        position = first[0];
                        fileRow = first[1];
                    }
                    Object[] values = new Object[row.length() + 2];
                    for (int i = 0; i < row.length(); i++) {
                        values[i] = row.get(i);
                    }
                    values[row.length()] = position++;
                    values[row.length() + 1] = ++fileRow;
                    return RowFactory.create(values);
                }
            };
        }
    }
}
