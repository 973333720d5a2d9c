package dev.rashomon.rashomon;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;

/** Which columns hold numbers: a numeric type, or text whose every value reads as a number (as CSV gives them). */
final class NumericColumns {
    private NumericColumns() {
    }

    static List<String> of(Dataset<Row> rows, List<String> candidates) {
        List<String> text = new ArrayList<>();
        List<String> numeric = new ArrayList<>();
        for (String name : candidates) {
            if (rows.schema().apply(name).dataType() instanceof NumericType) {
                numeric.add(name);
            } else {
                text.add(name);
            }
        }
        if (!text.isEmpty()) {
            List<Column> counts = new ArrayList<>();
            for (String name : text) {
                Column column = col(EvaluationRows.quote(name));
                counts.add(count(column));
                counts.add(count(column.try_cast("double")));
            }
            Row row = rows.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
            for (int i = 0; i < text.size(); i++) {
                if (row.getLong(2 * i) > 0 && row.getLong(2 * i) == row.getLong(2 * i + 1)) {
                    numeric.add(text.get(i));
                }
            }
        }
        return candidates.stream().filter(numeric::contains).toList();
    }
}
