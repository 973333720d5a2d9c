package dev.rashomon.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rashomon.run.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a job's config: a YAML or JSON file (JSON is YAML), then {@code --set key=value}
 * overrides, then binds it to the job's config record. Unknown keys and wrong types are errors
 * that name the key; a value given with --set is read as YAML, so {@code --set numeric.bins=16}
 * is a number and {@code --set features.exclude=[a,b]} a list. {@code ${env.NAME}} in a value is
 * taken from the environment ({@link EnvironmentValues}).
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(new YAMLFactory())
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build());
    private static final ObjectMapper JSON = configure(JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build());

    private ConfigLoader() {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        mapper.configure(SerializationFeature.INDENT_OUTPUT, true);
        return mapper;
    }

    /** The mapper that writes configs and run metadata as JSON, with the same key naming. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** Loads {@code source} (a local path or a Hadoop URI such as s3a://…), applies overrides. */
    public static <T> T load(String source, List<String> overrides, Class<T> type) {
        JsonNode tree = readTree(source);
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            tree = YAML.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new UserError("config file " + source + " must hold a mapping of keys, not "
                    + (tree.isArray() ? "a list" : "a single value"));
        }
        for (String override : overrides) {
            applyOverride((ObjectNode) tree, override);
        }
        EnvironmentValues.expand(tree, System::getenv);
        return bind(tree, type, source);
    }

    /** Binds an already-built tree (overrides applied) to the config record. */
    public static <T> T bind(JsonNode tree, Class<T> type, String source) {
        try {
            return YAML.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            String key = keyPath(e);
            List<String> known = e.getKnownPropertyIds() == null ? List.of()
                    : e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            String suggestion = closest(e.getPropertyName(), known);
            throw new UserError("config key '" + key + "' is unknown"
                    + (suggestion == null ? "" : "; did you mean '" + parentPath(key) + suggestion + "'?")
                    + " (known keys here: " + String.join(", ", known) + ")" + in(source));
        } catch (InvalidFormatException e) {
            throw new UserError("config key '" + keyPath(e) + "' " + expectation(e.getTargetType())
                    + ", got '" + e.getValue() + "'" + in(source));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UserError(cause.getMessage() + in(source), cause);
        } catch (MismatchedInputException e) {
            throw new UserError("config key '" + keyPath(e) + "' " + expectation(e.getTargetType())
                    + ", got " + describeToken(e) + in(source));
        } catch (JsonProcessingException e) {
            UserError inner = UserError.findIn(e);
            if (inner != null) {
                throw new UserError(inner.getMessage() + in(source), inner);
            }
            throw new UserError("config" + in(source) + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            UserError inner = UserError.findIn(e);
            if (inner != null) {
                throw new UserError(inner.getMessage() + in(source), inner);
            }
            throw new UserError("config" + in(source) + ": " + e.getMessage());
        }
    }

    private static JsonNode readTree(String source) {
        try (InputStream in = open(source)) {
            return YAML.readTree(in);
        } catch (JsonProcessingException e) {
            throw new UserError("config file " + source + " is not valid YAML/JSON" + syntaxError(e));
        } catch (IOException e) {
            throw new UserError("config file " + source + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * " at line L, column C: problem". SnakeYAML marks the problem itself (Jackson's location is
     * where the scanner's context began, often the line before), so its mark is preferred.
     */
    private static String syntaxError(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                Mark mark = yaml.getProblemMark();
                return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
                        + Objects.requireNonNullElse(yaml.getProblem(), yaml.getContext());
            }
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return where + ": " + e.getOriginalMessage().lines().findFirst().orElse("");
    }

    private static InputStream open(String source) throws IOException {
        if (source.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(source);
            return FileSystem.get(path.toUri(), new Configuration()).open(path);
        }
        Path path = Path.of(source);
        if (!Files.isRegularFile(path)) {
            throw new IOException(Files.exists(path) ? "it is not a file" : "no such file");
        }
        return Files.newInputStream(path);
    }

    /** Applies {@code a.b.c=value} to the tree, creating missing sections. */
    static void applyOverride(ObjectNode root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new UserError("--set expects key=value, got '" + override + "'");
        }
        String key = override.substring(0, eq).trim();
        String text = override.substring(eq + 1);
        String[] parts = key.split("\\.");
        ObjectNode section = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = section.get(parts[i]);
            if (child == null || !child.isObject()) {
                if (child != null && !child.isNull()) {
                    throw new UserError("--set " + key + ": '" + String.join(".", Arrays.copyOf(parts, i + 1))
                            + "' is a value, not a section");
                }
                child = section.putObject(parts[i]);
            }
            section = (ObjectNode) child;
        }
        section.set(parts[parts.length - 1], parseValue(text));
    }

    private static JsonNode parseValue(String text) {
        if (text.isEmpty()) {
            return YAML.getNodeFactory().textNode("");
        }
        try {
            JsonNode value = YAML.readTree(text);
            return value == null || value.isMissingNode() ? YAML.getNodeFactory().textNode(text) : value;
        } catch (JsonProcessingException e) {
            return YAML.getNodeFactory().textNode(text);
        }
    }

    private static String keyPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String parentPath(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? "" : key.substring(0, dot + 1);
    }

    private static String in(String source) {
        return source == null ? "" : " (in " + source + ")";
    }

    private static String describeToken(MismatchedInputException e) {
        try {
            Object parser = e.getProcessor();
            if (parser instanceof com.fasterxml.jackson.core.JsonParser p && p.currentToken() != null) {
                return switch (p.currentToken()) {
                    case START_OBJECT -> "a mapping";
                    case START_ARRAY -> "a list";
                    case VALUE_STRING -> "'" + p.getText() + "'";
                    case VALUE_NULL -> "nothing";
                    default -> p.getText();
                };
            }
        } catch (IOException ignored) {
            // fall through to the generic description
        }
        return "a value of another type";
    }

    /** "expects an integer", "expects one of csv, tsv", … for a Jackson target type. */
    static String expectation(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type.isEnum()) {
            return "expects one of " + Choice.spellings(type, ", ");
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "expects an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "expects a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "expects true or false";
        }
        if (type == String.class) {
            return "expects a text value";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "expects a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "expects a mapping of keys";
        }
        return "expects a " + type.getSimpleName();
    }

    /** The known key closest to {@code key} by edit distance, if it is close enough to be a typo. */
    static String closest(String key, List<String> known) {
        return known.stream()
                .filter(Objects::nonNull)
                .min(Comparator.comparingInt(k -> editDistance(key, k)))
                .filter(k -> editDistance(key, k) <= Math.max(2, key.length() / 3))
                .orElse(null);
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
