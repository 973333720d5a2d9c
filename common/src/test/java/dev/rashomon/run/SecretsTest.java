package dev.rashomon.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rashomon.config.ConfigLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static final String ACCESS_KEY = "AKIAEXAMPLE7Q3ZL";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLE";

    @Test
    void keysThatNameSecretsAreRecognisedAsSparkRedactsThem() {
        assertThat(List.of("fs.s3a.secret.key", "fs.s3a.access.key", "fs.s3a.session.token", "spark.ssl.keyPassword",
                "fs.azure.account.key.credential", "accessKey", "access_key", "AWS_SECRET_ACCESS_KEY"))
                .allMatch(Secrets::isSecretKey);
        assertThat(List.of("path", "format", "fs.s3a.endpoint", "fs.s3a.path.style.access", "label", "keys"))
                .noneMatch(Secrets::isSecretKey);
    }

    @Test
    void runJsonShowsNoCredentialFromOptionsOrUris() throws Exception {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("path", "s3a://" + ACCESS_KEY + ":" + SECRET_KEY.replace("/", "%2F") + "@bucket/in/data.csv");
        input.put("options", Map.of("fs.s3a.secret.key", SECRET_KEY, "fs.s3a.access.key", ACCESS_KEY, "header", "true"));
        RunMetadata run = new RunMetadata("outrank", "r1", Map.of("input", input));
        run.put("input", Map.of("files", List.of("s3a://" + ACCESS_KEY + "@bucket/in/data.csv")));

        String json = run.toJson();

        assertThat(json).doesNotContain(ACCESS_KEY).doesNotContain(SECRET_KEY).doesNotContain("wJalrXUtnFEMI");
        JsonNode tree = ConfigLoader.json().readTree(json);
        assertThat(tree.at("/config/input/path").asText()).isEqualTo("s3a://" + Secrets.MASK + "@bucket/in/data.csv");
        assertThat(tree.at("/config/input/options/fs.s3a.secret.key").asText()).isEqualTo(Secrets.MASK);
        assertThat(tree.at("/config/input/options/header").asText()).as("other options as they were").isEqualTo("true");
        assertThat(tree.at("/input/files/0").asText()).isEqualTo("s3a://" + Secrets.MASK + "@bucket/in/data.csv");
    }

    @Test
    void textWithoutUserInfoIsUnchanged() {
        for (String text : List.of("s3a://bucket/out/outrank", "/tmp/a@b/c", "user@example.invalid", "hdfs://nn:8020/x")) {
            assertThat(Secrets.withoutUserInfo(text)).isEqualTo(text);
        }
    }
}
