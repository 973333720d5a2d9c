package dev.rashomon.outrank.compat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * OutRank's streaming, sub-sampling and minibatching (reference section 3), distributed: a data
 * line is kept when its 1-based number is divisible by {@code subsampling} and it has as many
 * fields as the header; consecutive kept rows form batches of {@code minibatch_size} in file
 * order; a final partial batch is scored only if it has more than 1,024 rows.
 *
 * <p>A first pass counts, per partition, its lines and its valid lines by residue modulo
 * {@code subsampling}; from those counts every partition knows the number of its first line and
 * of its first kept row, so the second pass can place each row in its batch whatever the
 * partitioning. Each partition then scores the batches it holds whole; only the batches that
 * span partitions are gathered by a shuffle.
 */
final class RowBatches<T> {
    /** Remainder batches of at most this many rows are discarded, as OutRank does. */
    static final int SMALLEST_REMAINDER = 1024;

    /** The shape of the batch sequence, from the counting pass. */
    record Plan(long dataLines, long keptRows, long invalidRows, long fullBatches, int remainderRows,
                boolean remainderScored) implements Serializable {
        long batches() {
            return fullBatches + (remainderScored ? 1 : 0);
        }

        /** Full batches of {@code batchSize}, and the remainder if it has more than {@link #SMALLEST_REMAINDER} rows. */
        static Plan of(long dataLines, long keptRows, long invalidRows, int batchSize) {
            int remainder = (int) (keptRows % batchSize);
            return new Plan(dataLines, keptRows, invalidRows, keptRows / batchSize, remainder, remainder > SMALLEST_REMAINDER);
        }
    }

    /** Per-partition counts of the first pass. */
    private record PartitionCounts(int partition, long lines, long[] validByResidue, long[] invalidByResidue)
            implements Serializable {
    }

    private final JavaRDD<T> lines;
    private final int columns;
    private final int subsampling;
    private final int batchSize;
    private Plan plan;
    private long[] lineOffsets;
    private long[] keptOffsets;

    /** Parses one record into its fields; null or a wrong field count makes it invalid. */
    interface LineParser<T> extends Serializable {
        String[] parse(T record);

        /** The record's field count, −1 for an unparseable record; a parser may count without building fields. */
        default int fieldCount(T record) {
            String[] fields = parse(record);
            return fields == null ? -1 : fields.length;
        }

        /** Appends a valid record to a task's encoded rows; a parser may do so without building fields. */
        default void encode(T record, EncodedRows rows) {
            rows.addFields(parse(record));
        }

        /** Appends the record to a task's encoded rows if it has {@code columns} fields, else returns false (invalid). */
        default boolean encodeIfValid(T record, int columns, EncodedRows rows) {
            String[] fields = parse(record);
            if (fields == null || fields.length != columns) {
                return false;
            }
            rows.addFields(fields);
            return true;
        }
    }

    private final LineParser<T> parser;
    private final boolean headerLine;

    /** Lines of a text file in file order, as their bytes (csv-raw's latin-1 needs no decoding: a byte is a character). */
    static JavaRDD<byte[]> lineBytes(JavaSparkContext context, String file) {
        return context.newAPIHadoopFile(file, TextInputFormat.class, LongWritable.class, Text.class,
                        context.hadoopConfiguration())
                .map(record -> record._2().copyBytes());
    }

    /**
     * Lines of a text file in file order, as the reader's own {@link Text}, which it refills for
     * every line: to be consumed as it comes, never kept (no copy is made per line).
     */
    static JavaRDD<Text> lineTexts(JavaSparkContext context, String file) {
        return context.newAPIHadoopFile(file, TextInputFormat.class, LongWritable.class, Text.class,
                        context.hadoopConfiguration())
                .map(Tuple2::_2);
    }

    /** Lines of a text file in file order, decoded as given (OutRank reads csv-raw as latin-1, ob-vw as UTF-8). */
    static JavaRDD<String> lines(JavaSparkContext context, String file, java.nio.charset.Charset charset) {
        String name = charset.name();
        return context.newAPIHadoopFile(file, TextInputFormat.class, LongWritable.class, Text.class,
                        context.hadoopConfiguration())
                .map(record -> new String(record._2().getBytes(), 0, record._2().getLength(), java.nio.charset.Charset.forName(name)));
    }

    /**
     * @param lines the records in file order
     * @param headerLine whether the first record is a header line (text input), not data
     */
    RowBatches(JavaRDD<T> lines, boolean headerLine, int columns, int subsampling, int batchSize, LineParser<T> parser) {
        this.lines = lines;
        this.headerLine = headerLine;
        this.columns = columns;
        this.subsampling = subsampling;
        this.batchSize = batchSize;
        this.parser = parser;
    }

    LineParser<T> parser() {
        return parser;
    }

    /** The counting pass. */
    Plan plan() {
        if (plan != null) {
            return plan;
        }
        int s = subsampling;
        int expected = columns;
        LineParser<T> parse = parser;
        boolean header = headerLine;
        List<PartitionCounts> counts = new ArrayList<>(lines.mapPartitionsWithIndex((partition, it) -> {
            long[] valid = new long[s];
            long[] invalid = new long[s];
            long k = 0;
            for (; it.hasNext(); k++) {
                T line = it.next();
                if (header && partition == 0 && k == 0) {
                    continue; // the header
                }
                if (parse.fieldCount(line) == expected) {
                    valid[(int) (k % s)]++;
                } else {
                    invalid[(int) (k % s)]++;
                }
            }
            return List.of(new PartitionCounts(partition, k, valid, invalid)).iterator();
        }, true).collect());
        counts.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        lineOffsets = new long[counts.size()];
        keptOffsets = new long[counts.size()];
        long lineTotal = 0;
        long kept = 0;
        long invalid = 0;
        for (PartitionCounts partition : counts) {
            lineOffsets[partition.partition()] = lineTotal;
            keptOffsets[partition.partition()] = kept;
            long first = lineTotal + (headerLine ? 0 : 1);
            for (int r = 0; r < s; r++) {
                // record k of this partition has number first + k: kept when that is divisible by s
                if ((first + r) % s == 0) {
                    kept += partition.validByResidue()[r];
                    invalid += partition.invalidByResidue()[r];
                }
            }
            lineTotal += partition.lines();
        }
        plan = Plan.of(Math.max(0, lineTotal - (headerLine ? 1 : 0)), kept, invalid, batchSize);
        return plan;
    }

    /**
     * The same batches from one read that encodes while it counts ({@link EncodedScan}), for the
     * encoded scorer: possible with subsampling 1 only.
     */
    EncodedScan<T> encodedScan() {
        if (subsampling != 1) {
            throw new IllegalStateException("one read needs subsampling 1, not " + subsampling);
        }
        return new EncodedScan<>(lines, headerLine, columns, batchSize, parser, 1 << 16);
    }

    /** A kept row and the batch it belongs to. */
    record KeptRow<T>(long batch, T record) {
    }

    /** What one task makes of its kept rows, given in file order, batch after batch. */
    interface TaskScorer<T> extends Serializable {
        /** @param expectedRows about how many rows come (room is made for them at once) */
        TaskAggregate score(Iterator<KeptRow<T>> rows, long expectedRows);
    }

    /** A partition's rows of a batch that other partitions share. */
    record Piece<T>(int partition, List<T> records) implements Serializable {
    }

    /** One partition's output: its aggregate over the batches it holds whole, and its pieces of the others. */
    private record PartitionOutput<T>(TaskAggregate aggregate, List<Tuple2<Long, Piece<T>>> pieces) implements Serializable {
    }

    private JavaRDD<PartitionOutput<T>> scanned;

    /**
     * Scores every batch once, with {@code scorer}: a partition scores the batches it holds whole
     * where it reads them, so nearly all rows are never shuffled; the few batches that span
     * partitions are gathered by batch number from their pieces and scored in a second stage.
     */
    JavaRDD<TaskAggregate> score(TaskScorer<T> scorer, int edgePartitions) {
        Plan p = plan();
        long[] lineOffset = lineOffsets;
        long[] keptOffset = keptOffsets;
        int s = subsampling;
        int size = batchSize;
        int expected = columns;
        LineParser<T> parse = parser;
        long firstNumber = headerLine ? 0 : 1;
        boolean header = headerLine;
        long scoredRows = Math.min(p.keptRows(), p.batches() * size);
        long[] keptEnd = new long[keptOffset.length];
        for (int i = 0; i < keptOffset.length; i++) {
            keptEnd[i] = i + 1 < keptOffset.length ? keptOffset[i + 1] : p.keptRows();
        }
        scanned = lines.mapPartitionsWithIndex((partition, it) -> {
            long first = keptOffset[partition];
            long last = keptEnd[partition];
            Map<Long, List<T>> pieces = new LinkedHashMap<>();
            Iterator<KeptRow<T>> whole = new WholeBatchRows<>(it, lineOffset[partition] + firstNumber, header, s,
                    expected, parse, first, last, scoredRows, size, pieces);
            TaskAggregate aggregate = scorer.score(whole, last - first);
            while (whole.hasNext()) {
                whole.next(); // a scorer reads every row; this also completes the pieces
            }
            List<Tuple2<Long, Piece<T>>> out = new ArrayList<>();
            pieces.forEach((batch, records) -> out.add(new Tuple2<>(batch, new Piece<>(partition, records))));
            return List.of(new PartitionOutput<>(aggregate, out)).iterator();
        }, true).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<TaskAggregate> spanning = scanned.flatMapToPair(o -> o.pieces().iterator())
                .groupByKey(Math.max(1, edgePartitions))
                .mapPartitions(groups -> {
                    List<Tuple2<Long, Iterable<Piece<T>>>> batches = new ArrayList<>();
                    groups.forEachRemaining(batches::add);
                    batches.sort(Comparator.comparingLong(Tuple2::_1));
                    List<KeptRow<T>> rows = new ArrayList<>();
                    for (Tuple2<Long, Iterable<Piece<T>>> batch : batches) {
                        List<Piece<T>> pieces = new ArrayList<>();
                        batch._2().forEach(pieces::add);
                        pieces.sort(Comparator.comparingInt(Piece::partition));
                        for (Piece<T> piece : pieces) {
                            for (T record : piece.records()) {
                                rows.add(new KeptRow<>(batch._1(), record));
                            }
                        }
                    }
                    return List.of(scorer.score(rows.iterator(), rows.size())).iterator();
                });
        return scanned.map(PartitionOutput::aggregate).union(spanning);
    }

    /** Drops the cached scan of {@link #score}. */
    void release() {
        if (scanned != null) {
            scanned.unpersist(false);
        }
    }

    /**
     * A partition's kept rows that belong to batches it holds whole; the rows of the batches it
     * shares with other partitions go to {@code pieces} as they are passed.
     */
    private static final class WholeBatchRows<T> implements Iterator<KeptRow<T>> {
        private final Iterator<T> lines;
        private final boolean header;
        private final int subsampling;
        private final int columns;
        private final LineParser<T> parser;
        private final long first;
        private final long last;
        private final long scoredRows;
        private final int batchSize;
        private final Map<Long, List<T>> pieces;
        private long number;
        private long kept;
        private KeptRow<T> pending;

        /** @param firstNumber the number of the partition's first line (the header's is 0) */
        WholeBatchRows(Iterator<T> lines, long firstNumber, boolean header, int subsampling, int columns,
                       LineParser<T> parser, long first, long last, long scoredRows, int batchSize, Map<Long, List<T>> pieces) {
            this.lines = lines;
            this.header = header;
            this.subsampling = subsampling;
            this.columns = columns;
            this.parser = parser;
            this.first = first;
            this.last = last;
            this.scoredRows = scoredRows;
            this.batchSize = batchSize;
            this.pieces = pieces;
            this.number = firstNumber;
            this.kept = first;
            this.pending = advance();
        }

        private KeptRow<T> advance() {
            while (lines.hasNext()) {
                T line = lines.next();
                long n = number++;
                if ((header && n == 0) || n % subsampling != 0 || parser.fieldCount(line) != columns) {
                    continue;
                }
                long index = kept++;
                if (index >= scoredRows) {
                    continue;
                }
                long batch = index / batchSize;
                long batchFirst = batch * batchSize;
                long batchEnd = Math.min(batchFirst + batchSize, scoredRows);
                if (batchFirst >= first && batchEnd <= last) {
                    return new KeptRow<>(batch, line);
                }
                pieces.computeIfAbsent(batch, b -> new ArrayList<>()).add(line);
            }
            return null;
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        @Override
        public KeptRow<T> next() {
            KeptRow<T> row = pending;
            pending = advance();
            return row;
        }
    }

    /** A scorer that builds each batch's String columns and scores it with {@code scorer} (feature families need them). */
    static <T> TaskScorer<T> eachBatch(List<String> header, long fullBatches, LineParser<T> parser, BatchFunction scorer) {
        return (rows, expectedRows) -> {
            TaskAggregate aggregate = new TaskAggregate();
            KeptRow<T> pending = rows.hasNext() ? rows.next() : null;
            while (pending != null) {
                long batch = pending.batch();
                List<String[]> batchRows = new ArrayList<>();
                while (pending != null && pending.batch() == batch) {
                    batchRows.add(parser.parse(pending.record()));
                    pending = rows.hasNext() ? rows.next() : null;
                }
                aggregate.add(scorer.score(new Batch(batch, batch < fullBatches, header, batchRows)));
            }
            return aggregate.finish();
        };
    }

    /** A scorer that encodes the task's rows once and scores their batches over ids (no feature family). */
    static <T> TaskScorer<T> encoded(List<String> header, String label, CompatOptions options, long fullBatches,
                                     LineParser<T> parser) {
        return (rows, expectedRows) -> {
            EncodedRows encoded = new EncodedRows(header.size(), (int) Math.min(expectedRows, Integer.MAX_VALUE - 8));
            while (rows.hasNext()) {
                KeptRow<T> row = rows.next();
                encoded.batch(row.batch());
                parser.encode(row.record(), encoded);
            }
            return EncodedBatchScorer.score(encoded, header, label, options, fullBatches);
        };
    }

    /** Scores one batch (serializable, runs in tasks). */
    interface BatchFunction extends Serializable {
        BatchResult score(Batch batch);
    }
}
