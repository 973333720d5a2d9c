package dev.rashomon.dataset;

import dev.rashomon.config.SampleConfig;
import dev.rashomon.io.InputReader;
import dev.rashomon.io.SparseLine;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;

/**
 * Turns one input row into a label class and feature values, following a {@link DatasetSpec}.
 * Serializable: built on the driver, used inside tasks.
 */
public abstract sealed class RowDecoder implements Serializable {
    private static final long serialVersionUID = 1L;

    final String labelName;
    final Double threshold;
    final Set<String> missing;
    final double sampleFraction;
    final long sampleSeed;

    RowDecoder(DatasetSpec spec) {
        this.labelName = spec.label().column();
        this.threshold = spec.label().threshold();
        this.missing = Set.copyOf(spec.missing());
        SampleConfig sample = spec.sample();
        this.sampleFraction = sample.fraction();
        this.sampleSeed = sample.seed();
    }

    public abstract void decode(Row row, RowVisitor visitor);

    /**
     * The label and feature columns when every row can be decoded a column at a time from those
     * columns alone (no sample, no corrupt-record column, no text to check for numbers); else empty.
     */
    public Optional<ColumnPlan> columnPlan() {
        return Optional.empty();
    }

    /** What decoding a column at a time needs: the label column and the feature columns, by name. */
    public record ColumnPlan(String label, List<String> features) implements Serializable {
    }

    /** Whether a present cell's text means "no value". */
    public final boolean isMissing(String text) {
        return missing.contains(text);
    }

    /** The label's class, or null when the value is missing or not a number under a threshold. */
    public final String labelClass(String raw) {
        if (raw == null || missing.contains(raw)) {
            return null;
        }
        if (threshold == null) {
            return raw;
        }
        Double value = parseNumber(raw);
        return value == null ? null : String.valueOf(value >= threshold);
    }

    /**
     * Why a row whose column holds undecodable bytes is refused: two different byte sequences would
     * both read as U+FFFD and silently become one category.
     */
    public static String notUtf8Reason(String column) {
        return "column '" + column + "' holds bytes that are not valid UTF-8 (set input.options.encoding, "
                + "e.g. ISO-8859-1, if the file is in another encoding)";
    }

    public final String badLabelReason(String raw) {
        if (raw == null || missing.contains(raw)) {
            return "label column '" + labelName + "' has no value";
        }
        return "label '" + raw + "' is not a number (label.threshold is set)";
    }

    /** Bernoulli sample by a hash of the row's content: independent of partitioning and row order. */
    final boolean inSample(long contentHash) {
        if (sampleFraction >= 1.0) {
            return true;
        }
        long h = contentHash ^ (sampleSeed * 0x9E3779B97F4A7C15L);
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53 < sampleFraction;
    }

    static Double parseNumber(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            return Double.isNaN(value) ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Rows with named columns: CSV, TSV, Parquet, ORC, JSON. */
    static final class Dense extends RowDecoder {
        private static final long serialVersionUID = 1L;

        private final int labelIndex;
        private final String[] featureNames;
        private final int[] featureIndexes;
        private final int[] checkedNumericIndexes;
        private final String[] checkedNumericNames;
        private final int[] dataIndexes;
        private final int fileIndex;
        private final int corruptIndex;
        private final int expectedFields;
        private final String delimiter;
        private final String[] dataNames;
        private final boolean checkUtf8;

        Dense(DatasetSpec spec, int labelIndex, String[] featureNames, int[] featureIndexes,
              String[] checkedNumericNames, int[] checkedNumericIndexes, int[] dataIndexes,
              int fileIndex, int corruptIndex, String delimiter, String[] dataNames, boolean checkUtf8) {
            super(spec);
            this.labelIndex = labelIndex;
            this.featureNames = featureNames;
            this.featureIndexes = featureIndexes;
            this.checkedNumericNames = checkedNumericNames;
            this.checkedNumericIndexes = checkedNumericIndexes;
            this.dataIndexes = dataIndexes;
            this.fileIndex = fileIndex;
            this.corruptIndex = corruptIndex;
            this.expectedFields = dataIndexes.length;
            this.delimiter = delimiter;
            this.dataNames = dataNames;
            this.checkUtf8 = checkUtf8;
        }

        @Override
        public Optional<ColumnPlan> columnPlan() {
            if (sampleFraction < 1.0 || corruptIndex >= 0 || checkedNumericIndexes.length > 0) {
                return Optional.empty();
            }
            return Optional.of(new ColumnPlan(labelName, List.of(featureNames)));
        }

        @Override
        public void decode(Row row, RowVisitor visitor) {
            if (corruptIndex >= 0 && !row.isNullAt(corruptIndex)) {
                String record = row.getString(corruptIndex);
                int fields = InputReader.parseLine(record, java.util.Map.of("delimiter", delimiter)).length;
                visitor.badRow("row has " + fields + " field" + (fields == 1 ? "" : "s") + ", the header has "
                        + expectedFields, file(row), record);
                return;
            }
            if (!inSample(contentHash(row))) {
                visitor.sampledOut();
                return;
            }
            if (checkUtf8) {
                String column = columnNotUtf8(row);
                if (column != null) {
                    visitor.badRow(notUtf8Reason(column), file(row), render(row));
                    return;
                }
            }
            String rawLabel = text(row, labelIndex);
            String labelClass = labelClass(rawLabel);
            if (labelClass == null) {
                visitor.badRow(badLabelReason(rawLabel), file(row), render(row));
                return;
            }
            for (int i = 0; i < checkedNumericIndexes.length; i++) {
                String value = text(row, checkedNumericIndexes[i]);
                if (value != null && !missing.contains(value) && parseNumber(value) == null) {
                    visitor.badRow("column '" + checkedNumericNames[i] + "' holds '" + value
                            + "', which is not a number (numeric.columns)", file(row), render(row));
                    return;
                }
            }
            visitor.row(labelClass);
            for (int i = 0; i < featureIndexes.length; i++) {
                String value = text(row, featureIndexes[i]);
                if (value != null && !missing.contains(value)) {
                    visitor.value(featureNames[i], value);
                }
            }
            visitor.endRow();
        }

        /** The first column whose text holds U+FFFD, the character a UTF-8 reader puts for bytes it cannot decode. */
        private String columnNotUtf8(Row row) {
            for (int i = 0; i < dataIndexes.length; i++) {
                String value = text(row, dataIndexes[i]);
                if (value != null && value.indexOf('\uFFFD') >= 0) {
                    return dataNames[i];
                }
            }
            return null;
        }

        private long contentHash(Row row) {
            long h = 1;
            for (int index : dataIndexes) {
                String value = text(row, index);
                h = h * 1_000_003L + (value == null ? 0 : value.hashCode());
            }
            return h;
        }

        private String file(Row row) {
            return fileIndex < 0 ? "" : row.getString(fileIndex);
        }

        private String render(Row row) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < dataIndexes.length; i++) {
                if (i > 0) {
                    text.append(delimiter);
                }
                String value = text(row, dataIndexes[i]);
                text.append(value == null ? "" : value);
            }
            return text.toString();
        }

        private static String text(Row row, int index) {
            Object value = row.get(index);
            return value == null ? null : value instanceof String s ? s : value.toString();
        }
    }

    /** LibSVM and VW lines: features are discovered as they appear. */
    static final class Sparse extends RowDecoder {
        private static final long serialVersionUID = 1L;

        private final boolean vowpalWabbit;
        private final Set<String> include;
        private final Set<String> exclude;
        private final int lineIndex;
        private final int fileIndex;

        Sparse(DatasetSpec spec, boolean vowpalWabbit, int lineIndex, int fileIndex) {
            super(spec);
            this.vowpalWabbit = vowpalWabbit;
            this.include = Set.copyOf(spec.features().include());
            this.exclude = Set.copyOf(spec.features().exclude());
            this.lineIndex = lineIndex;
            this.fileIndex = fileIndex;
        }

        @Override
        public void decode(Row row, RowVisitor visitor) {
            String line = row.getString(lineIndex);
            SparseLine parsed;
            try {
                parsed = vowpalWabbit ? SparseLine.vowpalWabbit(line) : SparseLine.libsvm(line);
            } catch (IllegalArgumentException e) {
                visitor.badRow(e.getMessage(), row.getString(fileIndex), line);
                return;
            }
            if (parsed == null) {
                return;
            }
            if (!inSample(line.hashCode())) {
                visitor.sampledOut();
                return;
            }
            String labelClass = labelClass(parsed.label());
            if (labelClass == null) {
                visitor.badRow(badLabelReason(parsed.label()), row.getString(fileIndex), line);
                return;
            }
            visitor.row(labelClass);
            for (int i = 0; i < parsed.names().size(); i++) {
                String name = parsed.names().get(i);
                if ((include.isEmpty() || include.contains(name)) && !exclude.contains(name)
                        && !missing.contains(parsed.values().get(i)) && parsed.names().indexOf(name) == i) {
                    visitor.value(name, parsed.values().get(i));
                }
            }
            visitor.endRow();
        }
    }
}
