package dev.rashomon.run;

import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;

/**
 * Makes a bad-row error independent of partitioning. A check inside a Spark task throws at the first bad row its
 * task meets, and the first task to fail wins, so with several bad rows the message could name any of them. The
 * passes keep throwing as they go (a good input pays nothing); only on the way to the error does the job rescan
 * its input for every bad row and report the one with the smallest row key.
 */
public final class FirstBadRow {
    private FirstBadRow() {
    }

    /** A row a check refused: its key (row_id, or null when it has none) and the check's message. */
    public record Problem(Object rowId, String message) implements Serializable {
    }

    /**
     * The error to report for {@code failure}: when it is a {@link UserError} raised inside a Spark task (Spark
     * wrapped it), the smallest bad row {@code rescan} finds; else null (rethrow {@code failure} as it is).
     */
    public static UserError inPlaceOf(Throwable failure, Supplier<Problem> rescan) {
        UserError error = UserError.findIn(failure);
        if (error == null || error == failure) {
            return null;
        }
        Problem first;
        try {
            first = rescan.get();
        } catch (RuntimeException rescanFailed) {
            // The rescan only refines the message; the error found first still stands.
            failure.addSuppressed(rescanFailed);
            return null;
        }
        return first == null ? null : new UserError(first.message(), failure);
    }

    /** The problem a row's check raises (a {@link UserError}), as zero or one element for a flatMap. */
    public static Iterator<Problem> problemsOf(Object rowId, Runnable check) {
        try {
            check.run();
            return Collections.emptyIterator();
        } catch (UserError e) {
            return List.of(new Problem(rowId, e.getMessage())).iterator();
        }
    }

    /** The problem with the smallest row key (ties by message), or null when there is none. */
    public static Problem smallest(JavaRDD<Problem> problems) {
        return problems.fold(null, FirstBadRow::first);
    }

    static Problem first(Problem a, Problem b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int byRow = compareRowIds(a.rowId(), b.rowId());
        return byRow < 0 || (byRow == 0 && a.message().compareTo(b.message()) <= 0) ? a : b;
    }

    /** Orders row keys: null first, then numbers by value, then anything else by its text. */
    public static int compareRowIds(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            int byValue = Double.compare(x.doubleValue(), y.doubleValue());
            return byValue != 0 ? byValue : Long.compare(x.longValue(), y.longValue());
        }
        if (a instanceof Number != b instanceof Number) {
            return a instanceof Number ? -1 : 1;
        }
        return a.toString().compareTo(b.toString());
    }
}
