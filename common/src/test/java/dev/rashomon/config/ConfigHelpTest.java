package dev.rashomon.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rashomon.config.ConfigHelp.Key;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigHelpTest {

    @Test
    void listsEveryKeyAsADottedSnakeCasePath() {
        assertThat(ConfigHelp.keys(ConfigLoaderTest.TestConfig.class)).extracting(Key::path).containsExactly(
                "input.path", "input.format", "input.options", "input.bad_rows", "input.bad_row_examples",
                "output.path", "output.format", "output.partition", "output.catalog.database",
                "sample.fraction", "sample.seed",
                "features.include", "features.exclude");
    }

    @Test
    void defaultsComeFromTheRecordConstructors() {
        Map<String, Key> keys = byPath(ConfigHelp.keys(ConfigLoaderTest.TestConfig.class));
        assertThat(keys.get("input.bad_rows").defaultValue()).isEqualTo("fail");
        assertThat(keys.get("input.bad_row_examples").defaultValue()).isEqualTo("5");
        assertThat(keys.get("input.options").defaultValue()).isEqualTo("{}");
        assertThat(keys.get("output.format").defaultValue()).isEqualTo("parquet");
        assertThat(keys.get("sample.fraction").defaultValue()).isEqualTo("1.0");
        assertThat(keys.get("sample.seed").defaultValue()).isEqualTo("42");
        assertThat(keys.get("features.exclude").defaultValue()).isEqualTo("[]");
    }

    @Test
    void requiredKeysHaveNoDefault() {
        Map<String, Key> keys = byPath(ConfigHelp.keys(ConfigLoaderTest.TestConfig.class));
        assertThat(keys.get("input.path").required()).isTrue();
        assertThat(keys.get("input.path").defaultValue()).isEmpty();
        assertThat(keys.get("input.format").required()).isTrue();
        assertThat(keys.get("output.path").required()).isTrue();
        assertThat(keys.get("sample.fraction").required()).isFalse();
    }

    @Test
    void typesAreSpelledForUsers() {
        Map<String, Key> keys = byPath(ConfigHelp.keys(ConfigLoaderTest.TestConfig.class));
        assertThat(keys.get("input.format").type()).isEqualTo("csv|tsv|parquet|orc|json|libsvm|vw|csv-raw|ob-vw");
        assertThat(keys.get("input.bad_row_examples").type()).isEqualTo("integer");
        assertThat(keys.get("input.options").type()).isEqualTo("mapping of text to text");
        assertThat(keys.get("sample.fraction").type()).isEqualTo("number");
        assertThat(keys.get("features.exclude").type()).isEqualTo("list of text");
        assertThat(keys.get("input.path").type()).isEqualTo("text");
        assertThat(keys.get("sample.fraction").doc()).isEqualTo("share of rows kept, in (0, 1]; 1 reads every row");
    }

    @Test
    void renderShowsDefaultsAndRequiredKeys() {
        String help = ConfigHelp.render(SampleConfig.class);
        assertThat(help).isEqualTo("""
                  fraction (number, default 1.0)
                      share of rows kept, in (0, 1]; 1 reads every row
                  seed (integer, default 42)
                      seed of the sample; recorded in run.json
                """);
        assertThat(ConfigHelp.render(InputConfig.class)).contains("  path (text, required)\n");
    }

    private static Map<String, Key> byPath(List<Key> keys) {
        return keys.stream().collect(Collectors.toMap(Key::path, Function.identity()));
    }
}
