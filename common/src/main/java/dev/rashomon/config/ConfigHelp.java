package dev.rashomon.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The documentation of a config record tree, read from its {@link Doc} annotations and from the
 * defaults its constructors fill in: the source of {@code rashomon <job> --help}.
 */
public final class ConfigHelp {
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    /** One documented key. */
    public record Key(String path, String type, String defaultValue, boolean required, String doc) {
    }

    private ConfigHelp() {
    }

    public static List<Key> keys(Class<? extends Record> type) {
        List<Key> keys = new ArrayList<>();
        collect(type, "", keys);
        return keys;
    }

    /** A plain-text table of the keys, for --help. */
    public static String render(Class<? extends Record> type) {
        StringBuilder text = new StringBuilder();
        for (Key key : keys(type)) {
            text.append("  ").append(key.path()).append(" (").append(key.type());
            if (key.required()) {
                text.append(", required");
            } else if (!key.defaultValue().isEmpty()) {
                text.append(", default ").append(key.defaultValue());
            }
            text.append(")\n      ").append(key.doc()).append('\n');
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static void collect(Class<? extends Record> type, String prefix, List<Key> keys) {
        Record defaults = defaults(type);
        for (RecordComponent component : type.getRecordComponents()) {
            JsonProperty named = component.getAccessor().getAnnotation(JsonProperty.class); // it targets the accessor, not the component
            String path = prefix + (named != null ? named.value() : SNAKE.translate(component.getName()));
            Doc doc = component.getAnnotation(Doc.class);
            if (component.getType().isRecord()) {
                collect((Class<? extends Record>) component.getType(), path + ".", keys);
                continue;
            }
            Object value = defaults == null ? null : read(component, defaults);
            keys.add(new Key(path, typeName(component), describe(value),
                    doc != null && doc.required(), doc == null ? "" : doc.value()));
        }
    }

    /** The record built from nothing: every key at its default (null where required). */
    private static Record defaults(Class<? extends Record> type) {
        try {
            Class<?>[] parameterTypes = Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<? extends Record> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(new Object[parameterTypes.length]);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static String describe(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Choice choice) {
            return choice.configName();
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(v -> v instanceof Number ? v.toString() : "\"" + v + "\"")
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "{}" : map.toString();
        }
        return value.toString();
    }

    private static String typeName(RecordComponent component) {
        Class<?> raw = component.getType();
        if (raw.isEnum()) {
            return Choice.spellings(raw, "|");
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return "list of " + elementName(component.getGenericType(), 0);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return "mapping of text to " + elementName(component.getGenericType(), 1);
        }
        return switch (raw.getSimpleName()) {
            case "Integer", "Long" -> "integer";
            case "Double" -> "number";
            case "Boolean" -> "boolean";
            case "String" -> "text";
            default -> raw.getSimpleName();
        };
    }

    private static String elementName(Type generic, int index) {
        if (generic instanceof ParameterizedType parameterized) {
            Type element = parameterized.getActualTypeArguments()[index];
            if (element instanceof Class<?> c) {
                return switch (c.getSimpleName()) {
                    case "String" -> "text";
                    case "Integer", "Long" -> "integer";
                    case "Double" -> "number";
                    default -> c.getSimpleName();
                };
            }
            return element.getTypeName();
        }
        return "values";
    }
}
