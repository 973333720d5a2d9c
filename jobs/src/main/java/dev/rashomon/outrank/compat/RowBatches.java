package dev.rashomon.outrank.compat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
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
 * partitioning. Batches are then gathered by a shuffle and scored in parallel.
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
    }

    private final LineParser<T> parser;
    private final boolean headerLine;

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
                String[] fields = parse.parse(line);
                if (fields != null && fields.length == expected) {
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
        long full = kept / batchSize;
        int remainder = (int) (kept % batchSize);
        plan = new Plan(Math.max(0, lineTotal - (headerLine ? 1 : 0)), kept, invalid, full, remainder,
                remainder > SMALLEST_REMAINDER);
        return plan;
    }

    /** Every batch's rows, in file order, each batch in one place; then {@code scorer} per batch. */
    JavaRDD<BatchResult> score(List<String> columnNames, BatchFunction scorer, int maxPartitions) {
        Plan p = plan();
        long[] lineOffset = lineOffsets;
        long[] keptOffset = keptOffsets;
        int s = subsampling;
        int size = batchSize;
        int expected = columns;
        LineParser<T> parse = parser;
        long firstNumber = headerLine ? 0 : 1;
        boolean header = headerLine;
        // The shuffle carries each record as read (a text line is one string) and the batch parses
        // it again: far less to serialise than an array of fields.
        JavaPairRDD<Long, T> rows = lines.mapPartitionsWithIndex((partition, it) -> {
            List<Tuple2<Long, T>> out = new ArrayList<>();
            long kept = keptOffset[partition];
            for (long k = 0; it.hasNext(); k++) {
                T line = it.next();
                long number = lineOffset[partition] + k + firstNumber;
                if ((header && number == 0) || number % s != 0) {
                    continue;
                }
                String[] fields = parse.parse(line);
                if (fields == null || fields.length != expected) {
                    continue;
                }
                long index = kept++;
                if (index / size < p.batches()) {
                    out.add(new Tuple2<>(index, line));
                }
            }
            return out.iterator();
        }, true).mapToPair(t -> t);
        // A few partitions per core: each task scores its batches one after another, so what it
        // folds together before the next shuffle is bounded by the data's cardinality.
        int partitions = (int) Math.max(1, Math.min(p.batches(), maxPartitions));
        return rows.repartitionAndSortWithinPartitions(new BatchPartitioner(partitions, size))
                .mapPartitions(sorted -> new BatchIterator<>(sorted, size, p.fullBatches(), columnNames, scorer, parse));
    }

    /** Walks rows sorted by kept index, gathering each batch's rows and scoring the batch. */
    private static final class BatchIterator<T> implements Iterator<BatchResult> {
        private final Iterator<Tuple2<Long, T>> sorted;
        private final int size;
        private final long fullBatches;
        private final List<String> header;
        private final BatchFunction scorer;
        private final LineParser<T> parser;
        private Tuple2<Long, T> pending;

        BatchIterator(Iterator<Tuple2<Long, T>> sorted, int size, long fullBatches, List<String> header,
                      BatchFunction scorer, LineParser<T> parser) {
            this.parser = parser;
            this.sorted = sorted;
            this.size = size;
            this.fullBatches = fullBatches;
            this.header = header;
            this.scorer = scorer;
            this.pending = sorted.hasNext() ? sorted.next() : null;
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        @Override
        public BatchResult next() {
            long batch = pending._1() / size;
            List<String[]> batchRows = new ArrayList<>();
            while (pending != null && pending._1() / size == batch) {
                batchRows.add(parser.parse(pending._2()));
                pending = sorted.hasNext() ? sorted.next() : null;
            }
            return scorer.score(new Batch(batch, batch < fullBatches, header, batchRows));
        }
    }

    /** Scores one batch (serializable, runs in tasks). */
    interface BatchFunction extends Serializable {
        BatchResult score(Batch batch);
    }

    /** Sends all rows of a batch to one partition; the key is the row's global kept index. */
    static final class BatchPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;
        private final int batchSize;

        BatchPartitioner(int partitions, int batchSize) {
            this.partitions = partitions;
            this.batchSize = batchSize;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (int) (((Long) key / batchSize) % partitions);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BatchPartitioner that && that.partitions == partitions && that.batchSize == batchSize;
        }

        @Override
        public int hashCode() {
            return partitions * 31 + batchSize;
        }
    }
}
