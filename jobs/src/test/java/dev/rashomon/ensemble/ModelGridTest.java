package dev.rashomon.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool a config expands to: ids, order and sizes, without Spark. */
class ModelGridTest {
    @TempDir
    Path temp;

    private List<ModelSpec> pool(String ensembleYaml) throws IOException {
        Path file = temp.resolve("c.yaml");
        Files.writeString(file, "input: {path: x, format: csv}\noutput: {path: y}\nensemble:\n" + ensembleYaml);
        EnsembleConfig config = ConfigLoader.load(file.toString(), List.of(), EnsembleConfig.class);
        config.validate();
        return ModelGrid.expand(config.ensemble());
    }

    @Test
    void defaultPoolHasEveryFamily() throws IOException {
        List<ModelSpec> pool = pool("  {}\n");
        // LR: 4 reg x 3 mixes, but reg 0 trains once: 10. FM: 2 x 2 x 3 seeds. RF: 1 x 2 x 3. GBT: 2 x 1 x 3.
        assertThat(pool).hasSize(10 + 12 + 6 + 6);
        assertThat(pool.stream().map(ModelSpec::id).limit(5))
                .containsExactly("lr-r0-e0", "lr-r0.001-e0", "lr-r0.001-e0.5", "lr-r0.001-e1", "lr-r0.01-e0");
        assertThat(pool.stream().map(ModelSpec::id).filter(id -> id.startsWith("fm-")).limit(4))
                .containsExactly("fm-k4-r0-s1", "fm-k4-r0-s2", "fm-k4-r0-s3", "fm-k4-r0.01-s1");
        assertThat(pool.stream().map(ModelSpec::id).filter(id -> id.startsWith("rf-")))
                .containsExactly("rf-t50-d4-s1", "rf-t50-d4-s2", "rf-t50-d4-s3", "rf-t50-d6-s1", "rf-t50-d6-s2", "rf-t50-d6-s3");
        assertThat(pool.get(pool.size() - 1).id()).isEqualTo("gbt-i50-d3-s3");
        assertThat(pool).extracting(ModelSpec::id).doesNotHaveDuplicates();
    }

    @Test
    void familiesFollowTheListedOrderAndBootstrapsAreInnermost() throws IOException {
        List<ModelSpec> pool = pool("""
                  families: [gbt, logistic_regression]
                  bootstraps: 2
                  logistic_regression: {reg_param: [0.5], elastic_net_param: [1]}
                  gbt: {max_iter: [7], max_depth: [2], seeds: [9]}
                """);
        assertThat(pool).extracting(ModelSpec::id)
                .containsExactly("gbt-i7-d2-s9-b1", "gbt-i7-d2-s9-b2", "lr-r0.5-e1-b1", "lr-r0.5-e1-b2");
        assertThat(pool).extracting(ModelSpec::bootstrapId).containsExactly(1, 2, 1, 2);
        assertThat(pool).extracting(ModelSpec::seed).containsExactly(9L, 9L, null, null);
    }

    @Test
    void numbersReadPlainInIds() {
        assertThat(ModelSpec.number(0.0)).isEqualTo("0");
        assertThat(ModelSpec.number(1.0)).isEqualTo("1");
        assertThat(ModelSpec.number(1e-4)).isEqualTo("0.0001");
        assertThat(ModelSpec.number(0.25)).isEqualTo("0.25");
    }
}
