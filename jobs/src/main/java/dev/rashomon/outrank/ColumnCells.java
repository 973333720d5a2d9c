package dev.rashomon.outrank;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.spark.sql.execution.datasources.parquet.ParquetDictionary;
import org.apache.spark.sql.execution.vectorized.Dictionary;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One column of one partition, read from Spark's column vectors: each cell becomes a code through a
 * {@link ValueSlots} of the column's distinct texts, and each distinct text gets its code once, from
 * {@link Meaning} (a feature's slot, or −1 for a missing value; the label's class, or −1 for a bad
 * label). A cell's text is what the row path would see, {@code String.valueOf} of Spark's Java value.
 * A dictionary-encoded Parquet page is read through its dictionary ids, so a text is hashed once per
 * row group and dictionary entry, not once per row.
 */
final class ColumnCells {
    static final int NULL = -1;
    private static final Field VECTOR_DICTIONARY = field(WritableColumnVector.class, "dictionary");
    private static final Field PARQUET_DICTIONARY = field(ParquetDictionary.class, "dictionary");

    /** What a new distinct text of the column stands for. */
    interface Meaning {
        /** The code of the value in {@code slot} of the column's table, whose text is {@code text}. */
        int code(int slot, String text);
    }

    /** The column types whose cells this reads; others take the row path. */
    static boolean readable(DataType type) {
        return type instanceof StringType || type instanceof IntegerType || type instanceof LongType
                || type instanceof ShortType || type instanceof ByteType || type instanceof BooleanType
                || type instanceof DoubleType || type instanceof FloatType;
    }

    private final DataType type;
    private final ValueSlots slots;
    private final Meaning meaning;
    private int[] codeOfSlot = new int[64];
    private Object dictionary;
    /** A dictionary id's code, valid while {@code idGeneration[id]} is the current dictionary's {@link #generation}. */
    private int[] codeOfId = new int[0];
    private int[] idGeneration = new int[0];
    private int generation;
    private final byte[] digits = new byte[20];
    /**
     * Rows per (dictionary id, class) of the current dictionary, not yet added to the slots: a
     * feature's row then costs one array increment, and each id is looked up once per dictionary.
     */
    private long[] idRows = new long[0];
    private int idRowsWidth;
    private int maxId = -1;
    private Dictionary pendingDictionary;
    private Object pendingIdentity;
    private int[] scratch = new int[0];

    ColumnCells(DataType type, ValueSlots slots, Meaning meaning) {
        this.type = type;
        this.slots = slots;
        this.meaning = meaning;
    }

    /** Fills {@code codes[0..rows)} with each cell's code, or {@link #NULL} for a null cell. */
    void codes(ColumnVector vector, int rows, int[] codes) {
        Dictionary dict = dictionaryOf(vector);
        if (dict != null) {
            byDictionary((WritableColumnVector) vector, dict, rows, codes);
            return;
        }
        boolean nulls = vector.hasNull();
        for (int row = 0; row < rows; row++) {
            codes[row] = nulls && vector.isNullAt(row) ? NULL : codeOfCell(vector, row);
        }
    }

    /**
     * Adds each row with a class ({@code rowClass[row] ≥ 0}) and a non-null, non-missing cell to the
     * slots, under its class. Dictionary-encoded pages are counted per dictionary id and added when
     * the dictionary changes or at {@link #flush}; call that before reading the slots.
     *
     * @param classes the slots' counts per value (ids are laid out with this stride)
     */
    void addRows(ColumnVector vector, int rows, int[] rowClass, int classes) {
        Dictionary dict = dictionaryOf(vector);
        if (dict == null) {
            if (scratch.length < rows) {
                scratch = new int[rows];
            }
            codes(vector, rows, scratch);
            for (int row = 0; row < rows; row++) {
                if (rowClass[row] >= 0 && scratch[row] >= 0) {
                    slots.add(scratch[row], rowClass[row]);
                }
            }
            return;
        }
        Object identity = identityOf(dict);
        if (identity != pendingIdentity || classes != idRowsWidth) {
            flush();
            pendingIdentity = identity;
            pendingDictionary = dict;
            idRowsWidth = classes;
        }
        WritableColumnVector ids = ((WritableColumnVector) vector).getDictionaryIds();
        boolean nulls = vector.hasNull();
        for (int row = 0; row < rows; row++) {
            int labelClass = rowClass[row];
            if (labelClass < 0 || (nulls && vector.isNullAt(row))) {
                continue;
            }
            int id = ids.getInt(row);
            if (id > maxId) {
                maxId = id;
                if ((long) (id + 1) * classes > idRows.length) {
                    idRows = Arrays.copyOf(idRows, Math.max((id + 1) * classes, idRows.length * 2));
                }
            }
            idRows[id * classes + labelClass]++;
        }
    }

    /** Adds the rows counted per dictionary id to the slots. */
    void flush() {
        int classes = idRowsWidth;
        for (int id = 0; id <= maxId; id++) {
            int code = Integer.MIN_VALUE;
            for (int c = 0; c < classes; c++) {
                long rows = idRows[id * classes + c];
                if (rows == 0) {
                    continue;
                }
                idRows[id * classes + c] = 0;
                if (code == Integer.MIN_VALUE) {
                    code = codeOfBytes(entry(pendingDictionary, id));
                }
                if (code >= 0) {
                    slots.add(code, c, rows);
                }
            }
        }
        maxId = -1;
        pendingDictionary = null;
        pendingIdentity = null;
    }

    /** The text of one cell as the row path renders it, or null (for bad-row examples). */
    static String text(ColumnVector vector, int row) {
        if (vector.isNullAt(row)) {
            return null;
        }
        DataType type = vector.dataType();
        if (type instanceof StringType) {
            return vector.getUTF8String(row).toString();
        }
        if (type instanceof IntegerType) {
            return String.valueOf(vector.getInt(row));
        }
        if (type instanceof LongType) {
            return String.valueOf(vector.getLong(row));
        }
        if (type instanceof ShortType) {
            return String.valueOf(vector.getShort(row));
        }
        if (type instanceof ByteType) {
            return String.valueOf(vector.getByte(row));
        }
        if (type instanceof BooleanType) {
            return String.valueOf(vector.getBoolean(row));
        }
        if (type instanceof DoubleType) {
            return String.valueOf(vector.getDouble(row));
        }
        return String.valueOf(vector.getFloat(row));
    }

    private void byDictionary(WritableColumnVector vector, Dictionary dict, int rows, int[] codes) {
        Object identity = identityOf(dict);
        if (identity != dictionary) {
            dictionary = identity;
            generation++; // forgets every id's code without clearing the arrays
        }
        WritableColumnVector ids = vector.getDictionaryIds();
        boolean nulls = vector.hasNull();
        for (int row = 0; row < rows; row++) {
            if (nulls && vector.isNullAt(row)) {
                codes[row] = NULL;
                continue;
            }
            int id = ids.getInt(row);
            if (id >= codeOfId.length) {
                int size = Math.max(id + 1, codeOfId.length * 2);
                codeOfId = Arrays.copyOf(codeOfId, size);
                idGeneration = Arrays.copyOf(idGeneration, size);
            }
            if (idGeneration[id] != generation) {
                codeOfId[id] = codeOfBytes(entry(dict, id));
                idGeneration[id] = generation;
            }
            codes[row] = codeOfId[id];
        }
    }

    private byte[] entry(Dictionary dict, int id) {
        if (type instanceof StringType) {
            return dict.decodeToBinary(id);
        }
        String text;
        if (type instanceof LongType) {
            text = String.valueOf(dict.decodeToLong(id));
        } else if (type instanceof DoubleType) {
            text = String.valueOf(dict.decodeToDouble(id));
        } else if (type instanceof FloatType) {
            text = String.valueOf(dict.decodeToFloat(id));
        } else if (type instanceof ShortType) {
            text = String.valueOf((short) dict.decodeToInt(id));
        } else if (type instanceof ByteType) {
            text = String.valueOf((byte) dict.decodeToInt(id));
        } else {
            text = String.valueOf(dict.decodeToInt(id));
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private int codeOfCell(ColumnVector vector, int row) {
        if (type instanceof StringType) {
            UTF8String text = vector.getUTF8String(row);
            return code(text.getBaseObject(), text.getBaseOffset(), text.numBytes(), text.hashCode());
        }
        if (type instanceof IntegerType) {
            return codeOfDigits(vector.getInt(row));
        }
        if (type instanceof LongType) {
            return codeOfDigits(vector.getLong(row));
        }
        if (type instanceof ShortType) {
            return codeOfDigits(vector.getShort(row));
        }
        if (type instanceof ByteType) {
            return codeOfDigits(vector.getByte(row));
        }
        return codeOfBytes(text(vector, row).getBytes(StandardCharsets.UTF_8));
    }

    /** An integer's code through its decimal digits, written without allocating. */
    private int codeOfDigits(long value) {
        int end = digits.length;
        int at = end;
        long rest = value;
        do {
            digits[--at] = (byte) ('0' + Math.abs(rest % 10));
            rest /= 10;
        } while (rest != 0);
        if (value < 0) {
            digits[--at] = '-';
        }
        long offset = Platform.BYTE_ARRAY_OFFSET + at;
        int length = end - at;
        return code(digits, offset, length, ValueSlots.hash(digits, offset, length));
    }

    private int codeOfBytes(byte[] bytes) {
        return code(bytes, Platform.BYTE_ARRAY_OFFSET, bytes.length, ValueSlots.hash(bytes));
    }

    private int code(Object base, long offset, int length, int hash) {
        int slot = slots.find(base, offset, length, hash);
        if (slot == ValueSlots.ABSENT) {
            slot = slots.insert(base, offset, length, hash);
            if (slot >= codeOfSlot.length) {
                codeOfSlot = Arrays.copyOf(codeOfSlot, codeOfSlot.length * 2);
            }
            codeOfSlot[slot] = meaning.code(slot, slots.value(slot));
        }
        return codeOfSlot[slot];
    }

    /** A Parquet page's dictionary, when the vector holds dictionary ids and we can reach it. */
    private static Dictionary dictionaryOf(ColumnVector vector) {
        if (VECTOR_DICTIONARY == null || !(vector instanceof WritableColumnVector writable) || !writable.hasDictionary()) {
            return null;
        }
        try {
            return (Dictionary) VECTOR_DICTIONARY.get(writable);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /**
     * What stays the same while the ids keep their meaning. Spark wraps one Parquet dictionary (a row
     * group's column chunk) in a new object per batch, so the identity is the Parquet one inside; when
     * it cannot be reached, every batch counts as a new dictionary (slower, still exact).
     */
    private static Object identityOf(Dictionary dict) {
        if (PARQUET_DICTIONARY != null && dict instanceof ParquetDictionary) {
            try {
                return PARQUET_DICTIONARY.get(dict);
            } catch (IllegalAccessException e) {
                return new Object();
            }
        }
        return new Object();
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
