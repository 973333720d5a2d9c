package dev.rashomon.outrank.compat;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * OutRank's batches (reference section 3) with subsampling 1 and no feature family, from one read
 * of the input: each partition encodes its valid lines into {@link EncodedRows} as it reads them,
 * and the per-partition counts of that job place the rows in batches afterwards. With subsampling
 * 1 every valid line is kept, so a partition can encode its rows before it knows their numbers;
 * with more, which lines are kept depends on the line counts of the partitions before, and
 * {@link RowBatches} counts them in a pass of its own.
 *
 * <p>The encoded partitions are cached. Each then scores the batches it holds whole, and passes
 * the rows of the batches it shares with other partitions on as values ({@link EncodedRows.Block}),
 * gathered by batch number and scored in a second stage: only those rows are shuffled.
 */
final class EncodedScan<T> {
    private final JavaRDD<T> lines;
    private final boolean headerLine;
    private final int columns;
    private final int batchSize;
    private final RowBatches.LineParser<T> parser;
    private final int expectedRows;
    private JavaRDD<EncodedPartition> encoded;
    private JavaRDD<Scored> scored;
    private JavaRDD<TaskAggregate> spanning;
    private RowBatches.Plan plan;
    private long[] keptOffsets;

    /** A partition's valid lines, encoded, with its count of lines (the header included) and of invalid lines. */
    record EncodedPartition(int partition, long lines, long invalid, EncodedRows rows) implements Serializable {
    }

    /** A partition's batch rows that another partition shares, as values. */
    record Piece(int partition, EncodedRows.Block rows) implements Serializable {
    }

    /** What a partition makes of its rows: the aggregate of the batches it holds whole, and its pieces of the others. */
    private record Scored(TaskAggregate aggregate, List<Tuple2<Long, Piece>> pieces) implements Serializable {
    }

    /**
     * @param lines the records in file order
     * @param headerLine whether the first record is a header line (text input), not data
     * @param expectedRows about how many rows a partition holds (room is made for them at once)
     */
    EncodedScan(JavaRDD<T> lines, boolean headerLine, int columns, int batchSize, RowBatches.LineParser<T> parser,
                int expectedRows) {
        this.lines = lines;
        this.headerLine = headerLine;
        this.columns = columns;
        this.batchSize = batchSize;
        this.parser = parser;
        this.expectedRows = expectedRows;
    }

    /** Encodes and caches every partition, and places the rows from the partitions' counts. */
    RowBatches.Plan plan() {
        if (plan != null) {
            return plan;
        }
        int expected = columns;
        boolean header = headerLine;
        RowBatches.LineParser<T> parse = parser;
        int room = expectedRows;
        encoded = lines.mapPartitionsWithIndex((partition, it) -> {
            EncodedRows rows = new EncodedRows(expected, room);
            long k = 0;
            long invalid = 0;
            for (; it.hasNext(); k++) {
                T line = it.next();
                if (header && partition == 0 && k == 0) {
                    continue;
                }
                if (!parse.encodeIfValid(line, expected, rows)) {
                    invalid++;
                }
            }
            return List.of(new EncodedPartition(partition, k, invalid, rows)).iterator();
        }, true).persist(StorageLevel.MEMORY_AND_DISK());
        List<long[]> counts = new ArrayList<>(encoded.map(e -> new long[] {e.partition(), e.lines(), e.rows().rows(), e.invalid()})
                .collect());
        counts.sort(Comparator.comparingLong(c -> c[0]));
        keptOffsets = new long[counts.size()];
        long lineTotal = 0;
        long kept = 0;
        long invalid = 0;
        for (long[] partition : counts) {
            keptOffsets[(int) partition[0]] = kept;
            lineTotal += partition[1];
            kept += partition[2];
            invalid += partition[3];
        }
        plan = RowBatches.Plan.of(Math.max(0, lineTotal - (headerLine ? 1 : 0)), kept, invalid, batchSize);
        return plan;
    }

    /**
     * Scores every batch once: a partition the batches it holds whole, where its rows are cached;
     * the batches that span partitions from their pieces, gathered by batch number. Both results
     * are cached, for the jobs that read them.
     */
    JavaRDD<TaskAggregate> score(List<String> header, String label, CompatOptions options, int edgePartitions) {
        RowBatches.Plan p = plan();
        long[] keptOffset = keptOffsets;
        int size = batchSize;
        long scoredRows = Math.min(p.keptRows(), p.batches() * size);
        long fullBatches = p.fullBatches();
        scored = encoded.map(partition -> {
            EncodedRows rows = partition.rows();
            long first = keptOffset[partition.partition()];
            long end = first + rows.rows();
            EncodedRows.Ranges whole = new EncodedRows.Ranges();
            List<Tuple2<Long, Piece>> pieces = new ArrayList<>();
            for (long batch = first / size; batch * size < Math.min(end, scoredRows); batch++) {
                long batchFirst = batch * size;
                long batchEnd = Math.min(batchFirst + size, scoredRows);
                int from = (int) (Math.max(batchFirst, first) - first);
                int to = (int) (Math.min(batchEnd, end) - first);
                if (batchFirst >= first && batchEnd <= end) {
                    whole.add(batch, from, to);
                } else {
                    pieces.add(new Tuple2<>(batch, new Piece(partition.partition(), rows.block(from, to))));
                }
            }
            return new Scored(EncodedBatchScorer.score(rows, whole, header, label, options, fullBatches), pieces);
        }).persist(StorageLevel.MEMORY_AND_DISK());
        int cols = columns;
        // Pieces are gathered by partitioning, not groupByKey, whose map Spark keeps sizing by walking it.
        spanning = scored.flatMapToPair(s -> s.pieces().iterator())
                .partitionBy(new HashPartitioner(Math.max(1, edgePartitions)))
                .mapPartitions(received -> {
                    List<Tuple2<Long, Piece>> pieces = new ArrayList<>();
                    received.forEachRemaining(pieces::add);
                    pieces.sort(Comparator.<Tuple2<Long, Piece>>comparingLong(Tuple2::_1)
                            .thenComparingInt(piece -> piece._2().partition()));
                    EncodedRows rows = new EncodedRows(cols, pieces.stream().mapToInt(piece -> piece._2().rows().rows()).sum());
                    for (Tuple2<Long, Piece> piece : pieces) {
                        rows.batch(piece._1());
                        rows.append(piece._2().rows());
                    }
                    return List.of(EncodedBatchScorer.score(rows, header, label, options, fullBatches)).iterator();
                })
                .persist(StorageLevel.MEMORY_AND_DISK()); // scored once, read by each job of the aggregation
        return scored.map(Scored::aggregate).union(spanning);
    }

    /** Drops the cached partitions and results. */
    void release() {
        if (spanning != null) {
            spanning.unpersist(false);
        }
        if (scored != null) {
            scored.unpersist(false);
        }
        if (encoded != null) {
            encoded.unpersist(false);
        }
    }
}
