package dev.rashomon.dataset;

/** Receives decoded rows: for a good row its label class, then each present feature value. */
public interface RowVisitor {
    /** A good row of class {@code labelClass}; its feature values follow. */
    void row(String labelClass);

    /** A present (not missing) value of a feature of the current row. */
    void value(String feature, String value);

    /** The current good row has no more values. */
    default void endRow() {
    }

    /** A row that was read but left out by the sample. */
    void sampledOut();

    /** A row that cannot be used, why, the file it came from and its text. */
    void badRow(String reason, String file, String record);
}
