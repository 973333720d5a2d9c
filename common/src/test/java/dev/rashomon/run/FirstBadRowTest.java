package dev.rashomon.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.run.FirstBadRow.Problem;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

class FirstBadRowTest {
    @Test
    void rowKeysOrderNullFirstThenNumbersByValueThenText() {
        assertThat(FirstBadRow.compareRowIds(null, 0L)).isNegative();
        assertThat(FirstBadRow.compareRowIds(9L, 10)).isNegative();
        assertThat(FirstBadRow.compareRowIds(2.5, 2L)).isPositive();
        assertThat(FirstBadRow.compareRowIds(10L, "1")).isNegative();
        assertThat(FirstBadRow.compareRowIds("10", "9")).isNegative();
        assertThat(FirstBadRow.compareRowIds(7L, 7)).isZero();
    }

    @Test
    void theFirstProblemIsTheSmallestRowThenTheSmallestMessage() {
        Problem row3 = new Problem(3L, "b");
        Problem row2 = new Problem(2L, "z");
        Problem row2a = new Problem(2L, "a");
        assertThat(FirstBadRow.first(row3, row2)).isSameAs(row2);
        assertThat(FirstBadRow.first(row2, row3)).isSameAs(row2);
        assertThat(FirstBadRow.first(row2, row2a)).isSameAs(row2a);
        assertThat(FirstBadRow.first(null, row3)).isSameAs(row3);
        assertThat(FirstBadRow.first(row3, null)).isSameAs(row3);
    }

    @Test
    void onlyAnErrorFromATaskIsRescanned() {
        UserError direct = new UserError("driver");
        assertThat(FirstBadRow.inPlaceOf(direct, () -> new Problem(1L, "rescanned"))).isNull();
        assertThat(FirstBadRow.inPlaceOf(new IllegalStateException("no user error"), () -> new Problem(1L, "x"))).isNull();

        SparkException fromTask = new SparkException("Job aborted", new UserError("row 9 is bad"));
        assertThat(FirstBadRow.inPlaceOf(fromTask, () -> new Problem(1L, "row 1 is bad")).getMessage()).isEqualTo("row 1 is bad");
        assertThat(FirstBadRow.inPlaceOf(fromTask, () -> null)).as("no single row at fault: keep the error").isNull();
        assertThat(FirstBadRow.inPlaceOf(fromTask, () -> {
            throw new IllegalStateException("rescan failed");
        })).isNull();
        assertThat(fromTask.getSuppressed()).hasSize(1);
    }
}
