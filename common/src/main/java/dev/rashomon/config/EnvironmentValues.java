package dev.rashomon.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rashomon.run.UserError;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env.NAME}} in a config value is the environment variable NAME, as in Hadoop settings,
 * so that a secret (a reader's password, a key) need not be written into the config file. The
 * value is recorded in run.json like any other: masked when its key names a secret.
 */
final class EnvironmentValues {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{env\\.([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvironmentValues() {
    }

    /** Replaces every reference in the tree's text values; a variable that is not set is an error naming the key. */
    static void expand(JsonNode tree, UnaryOperator<String> environment) {
        expand(tree, "", environment);
    }

    private static void expand(JsonNode node, String key, UnaryOperator<String> environment) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String path = key.isEmpty() ? field.getKey() : key + "." + field.getKey();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(expanded(field.getValue().asText(), path, environment)));
                } else {
                    expand(field.getValue(), path, environment);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String path = key + "[" + i + "]";
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(expanded(array.get(i).asText(), path, environment)));
                } else {
                    expand(array.get(i), path, environment);
                }
            }
        }
    }

    private static String expanded(String text, String key, UnaryOperator<String> environment) {
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String value = environment.apply(reference.group(1));
            if (value == null) {
                throw new UserError("config key '" + key + "' refers to the environment variable " + reference.group(1)
                        + " (" + reference.group() + "), which is not set");
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return reference.appendTail(out).toString();
    }
}
