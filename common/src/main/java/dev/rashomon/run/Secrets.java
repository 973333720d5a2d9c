package dev.rashomon.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which recorded values are secrets, and how they are shown instead: run.json keeps the effective
 * config, and a config may carry credentials (reader options such as {@code fs.s3a.secret.key}, or
 * a key pair inside a URI). Keys are recognised as Spark's {@code spark.redaction.regex} does, plus
 * "credential"; the text that replaces them is Spark's too.
 */
public final class Secrets {
    public static final String MASK = "*********(redacted)";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i)secret|password|token|access[._-]?key|credential");
    // scheme://user:password@host → the user-info part is everything between "//" and "@".
    private static final Pattern USER_INFO = Pattern.compile("(?<=[A-Za-z][A-Za-z0-9+.-]{0,30}://)[^/@\\s]+@");

    private Secrets() {
    }

    /** Whether a key names a secret (e.g. {@code fs.s3a.secret.key}, {@code fs.s3a.access.key}, {@code password}). */
    public static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).find();
    }

    /** A copy of {@code tree} with the values of secret keys and the user info of URIs replaced by {@link #MASK}. */
    public static JsonNode masked(JsonNode tree) {
        return mask(tree.deepCopy());
    }

    /** {@code text} with the user info of every URI in it ({@code s3a://KEY:SECRET@bucket/…}) masked. */
    public static String withoutUserInfo(String text) {
        return USER_INFO.matcher(text).replaceAll(MASK + "@");
    }

    private static JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (isSecretKey(field.getKey()) && !field.getValue().isNull()) {
                    field.setValue(TextNode.valueOf(MASK));
                } else {
                    field.setValue(mask(field.getValue()));
                }
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, mask(array.get(i)));
            }
            return array;
        }
        if (node.isTextual()) {
            String text = node.asText();
            String shown = withoutUserInfo(text);
            return shown.equals(text) ? node : TextNode.valueOf(shown);
        }
        return node;
    }
}
