package dev.rashomon.config;

import static dev.rashomon.config.ConfigValues.orDefault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rashomon.run.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    /** A job config built like the real ones: one record per section, sections default to empty. */
    record TestConfig(InputConfig input, OutputConfig output, SampleConfig sample, FeaturesConfig features) {
        TestConfig {
            input = orDefault(input, new InputConfig(null, null, null, null, null));
            output = orDefault(output, new OutputConfig(null, null, null));
            sample = orDefault(sample, new SampleConfig(null, null));
            features = orDefault(features, new FeaturesConfig(null, null));
        }
    }

    @TempDir
    Path dir;

    @Test
    void loadsYaml() throws IOException {
        TestConfig config = load("""
                input:
                  path: s3a://bucket/bank.csv
                  format: csv
                  options: {header: true, delimiter: ";"}
                  bad_rows: skip
                output:
                  path: /tmp/out
                sample:
                  fraction: 0.25
                """);
        assertThat(config.input().path()).isEqualTo("s3a://bucket/bank.csv");
        assertThat(config.input().format()).isEqualTo(InputConfig.Format.CSV);
        // an unquoted YAML boolean is still the text Spark's reader option expects
        assertThat(config.input().options()).containsExactlyInAnyOrderEntriesOf(Map.of("header", "true", "delimiter", ";"));
        assertThat(config.input().badRows()).isEqualTo(InputConfig.BadRows.SKIP);
        assertThat(config.input().badRowExamples()).isEqualTo(5);           // InputConfig default
        assertThat(config.output().format()).isEqualTo(OutputConfig.Format.PARQUET);  // OutputConfig default
        assertThat(config.sample().fraction()).isEqualTo(0.25);
        assertThat(config.sample().seed()).isEqualTo(42L);                  // SampleConfig default
    }

    @Test
    void loadsJson() throws IOException {
        Path file = write("config.json", """
                {"input": {"path": "/data/a.parquet", "format": "parquet", "bad_row_examples": 0},
                 "features": {"exclude": ["id", "ts"]}}
                """);
        TestConfig config = ConfigLoader.load(file.toString(), List.of(), TestConfig.class);
        assertThat(config.input().format()).isEqualTo(InputConfig.Format.PARQUET);
        assertThat(config.input().badRowExamples()).isZero();
        assertThat(config.features().exclude()).containsExactly("id", "ts");
        assertThat(config.output().path()).isNull();
    }

    @Test
    void emptyFileGivesEveryDefault() throws IOException {
        TestConfig config = load("");
        assertThat(config.sample().fraction()).isEqualTo(1.0);
        assertThat(config.input().badRows()).isEqualTo(InputConfig.BadRows.FAIL);
    }

    @Test
    void unknownKeyIsNamedWithItsPathAndASuggestion() {
        assertThatThrownBy(() -> load("input:\n  formt: csv\n"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("'input.formt'")
                .hasMessageContaining("did you mean 'input.format'?")
                .hasMessageContaining("config.yaml");
    }

    @Test
    void unknownTopLevelKeyIsNamed() {
        assertThatThrownBy(() -> load("sampel:\n  fraction: 0.5\n"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("'sampel'")
                .hasMessageContaining("did you mean 'sample'?");
    }

    @Test
    void textWhereANumberBelongsNamesTheKeyAndTheType() {
        assertThatThrownBy(() -> load("sample:\n  fraction: lots\n"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("'sample.fraction'")
                .hasMessageContaining("expects a number")
                .hasMessageContaining("lots");
    }

    @Test
    void listWhereAnIntegerBelongsNamesTheKeyAndTheType() {
        assertThatThrownBy(() -> load("input:\n  bad_row_examples: [1, 2]\n"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("'input.bad_row_examples'")
                .hasMessageContaining("expects an integer");
    }

    @Test
    void fractionWhereAnIntegerBelongsIsRejectedNotTruncated() {
        assertThatThrownBy(() -> load("sample:\n  seed: 1.5\n"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("'sample.seed'")
                .hasMessageContaining("expects an integer");
    }

    @Test
    void unknownEnumValueListsTheAllowedOnes() {
        assertThatThrownBy(() -> load("input:\n  format: xls\n"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("'input.format'")
                .hasMessageContaining("expects one of csv, tsv, parquet, orc, json, libsvm, vw")
                .hasMessageContaining("xls");
    }

    @Test
    void overridesCreateSectionsAndAreReadAsYaml() throws IOException {
        Path file = write("config.yaml", "input:\n  path: /data/x.csv\n  format: csv\n");
        TestConfig config = ConfigLoader.load(file.toString(), List.of(
                "sample.fraction=0.5",
                "output.partition.run_date=2026-11-26",
                "features.exclude=[a, b]",
                "input.format=tsv"), TestConfig.class);

        assertThat(config.sample().fraction()).isEqualTo(0.5);
        assertThat(config.output().partition()).containsExactlyEntriesOf(Map.of("run_date", "2026-11-26"));
        assertThat(config.features().exclude()).containsExactly("a", "b");
        assertThat(config.input().format()).isEqualTo(InputConfig.Format.TSV);
        assertThat(config.input().path()).isEqualTo("/data/x.csv");
    }

    @Test
    void overrideWithoutEqualsSignIsRejected() throws IOException {
        Path file = write("config.yaml", "");
        assertThatThrownBy(() -> ConfigLoader.load(file.toString(), List.of("sample.fraction"), TestConfig.class))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("key=value")
                .hasMessageContaining("'sample.fraction'");
    }

    @Test
    void overrideOfATypoIsAnUnknownKey() throws IOException {
        Path file = write("config.yaml", "");
        assertThatThrownBy(() -> ConfigLoader.load(file.toString(), List.of("sample.fractoin=0.5"), TestConfig.class))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("'sample.fractoin'")
                .hasMessageContaining("did you mean 'sample.fraction'?");
    }

    @Test
    void yamlSyntaxErrorGivesTheLine() {
        assertThatThrownBy(() -> load("input:\n  path: /data\n  format: csv: tsv\n"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("not valid YAML/JSON")
                .hasMessageContaining("line 3");
    }

    @Test
    void missingFileIsNamed() {
        String missing = dir.resolve("nowhere.yaml").toString();
        assertThatThrownBy(() -> ConfigLoader.load(missing, List.of(), TestConfig.class))
                .isInstanceOf(UserError.class)
                .hasMessageContaining(missing)
                .hasMessageContaining("no such file");
    }

    @Test
    void fileThatIsNotAMappingIsRejected() {
        assertThatThrownBy(() -> load("- a\n- b\n"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("must hold a mapping");
    }

    @Test
    void environmentReferencesAreExpandedInFileValuesAndOverrides() throws IOException {
        String home = System.getenv("HOME");
        assertThat(home).as("the test needs HOME set").isNotBlank();
        Path file = write("config.yaml", """
                input: {path: "${env.HOME}/data.csv", format: csv, options: {password: "${env.HOME}"}}
                """);
        TestConfig config = ConfigLoader.load(file.toString(), List.of("output.path=${env.HOME}/out"), TestConfig.class);
        assertThat(config.input().path()).isEqualTo(home + "/data.csv");
        assertThat(config.input().options()).containsEntry("password", home);
        assertThat(config.output().path()).isEqualTo(home + "/out");
    }

    @Test
    void environmentReferencesInNestedValuesAndLists() {
        ObjectNode tree = new ObjectMapper().createObjectNode();
        tree.putObject("input").putObject("options").put("url", "jdbc://${env.USER_A}:${env.PASS_B}@h/db");
        tree.putObject("features").putArray("include").add("x").add("${env.COLUMN}").add(3);
        Map<String, String> environment = Map.of("USER_A", "ann", "PASS_B", "p$1\\x", "COLUMN", "age");
        EnvironmentValues.expand(tree, environment::get);
        assertThat(tree.at("/input/options/url").asText()).isEqualTo("jdbc://ann:p$1\\x@h/db");
        assertThat(tree.at("/features/include/1").asText()).isEqualTo("age");
        assertThat(tree.at("/features/include/2").asInt()).isEqualTo(3);
        assertThat(tree.at("/features/include/0").asText()).isEqualTo("x");
    }

    @Test
    void anUnsetEnvironmentVariableNamesTheKeyAndTheVariable() throws IOException {
        assertThatThrownBy(() -> load("input: {path: x.csv, format: csv, options: {password: '${env.RASHOMON_TEST_UNSET_42}'}}\n"))
                .isInstanceOf(UserError.class)
                .hasMessage("config key 'input.options.password' refers to the environment variable "
                        + "RASHOMON_TEST_UNSET_42 (${env.RASHOMON_TEST_UNSET_42}), which is not set");
    }

    private TestConfig load(String yaml) throws IOException {
        return ConfigLoader.load(write("config.yaml", yaml).toString(), List.of(), TestConfig.class);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
