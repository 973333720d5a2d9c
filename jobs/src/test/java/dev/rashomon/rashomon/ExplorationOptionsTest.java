package dev.rashomon.rashomon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rashomon.run.UserError;
import org.junit.jupiter.api.Test;

class ExplorationOptionsTest {
    @Test
    void budgetsAreWholeFractionsAndBadValuesNameTheirKey() {
        ExplorationOptions defaults = ExplorationOptions.defaults(1);
        assertThat(defaults.levels()).isEqualTo(10);
        assertThat(defaults.budget(3)).as("numpy's arange: 3·0.1").isEqualTo(0.30000000000000004);
        assertThat(new ExplorationOptions(0.1, 0.25, 0.1, 4, 100, 1000, 5, 1).levels()).isEqualTo(4);
        assertThatThrownBy(() -> new ExplorationOptions(0.1, 0.3, 0.1, 4, 100, 1000, 5, 1))
                .isInstanceOf(UserError.class).hasMessageContaining("'delta'");
        assertThatThrownBy(() -> new ExplorationOptions(0, 0.1, 0.1, 4, 100, 1000, 5, 1))
                .isInstanceOf(UserError.class).hasMessageContaining("'epsilon_rate'");
        assertThatThrownBy(() -> new ExplorationOptions(0.1, 0.1, 0.1, 4, 100, 1000, 0, 1))
                .isInstanceOf(UserError.class).hasMessageContaining("'permutations'");
    }
}
