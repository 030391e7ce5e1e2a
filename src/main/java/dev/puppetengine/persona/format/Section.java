package dev.puppetengine.persona.format;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One JSON object of a persona document being read. Each key is looked up as written (snake_case) and as its
 * camelCase alias; type and range errors are reported with the value's JSON pointer and the key's default is used
 * instead; keys never looked up are reported as unknown by {@link #finish()}. An explicit {@code 0}, {@code false}
 * or {@code ""} is a value, never replaced by the default. A JSON {@code null} counts as absent.
 */
final class Section {

    private final DocumentReading reading;
    private final @Nullable JsonNode node;
    private final String pointer;
    private final Set<String> consumed = new HashSet<>();

    private Section(DocumentReading reading, @Nullable JsonNode node, String pointer) {
        this.reading = reading;
        this.node = node;
        this.pointer = pointer;
    }

    static Section root(DocumentReading reading, JsonNode node) {
        return new Section(reading, node, "");
    }

    static Section of(DocumentReading reading, JsonNode node, String pointer) {
        return new Section(reading, node, pointer);
    }

    /** A value found in the document: the node and its JSON pointer. */
    record Value(JsonNode node, String pointer) {}

    boolean isPresent() {
        return node != null;
    }

    /** True for an absent section or an object without keys. */
    boolean isEmpty() {
        return node == null || node.isEmpty();
    }

    boolean has(String key) {
        return node != null && (present(key) != null || present(camelCase(key)) != null);
    }

    String pointer() {
        return pointer;
    }

    DocumentReading reading() {
        return reading;
    }

    /** The value under {@code key} or its camelCase alias, or null when absent. Marks both as known. */
    @Nullable
    Value value(String key) {
        String camel = camelCase(key);
        consumed.add(key);
        consumed.add(camel);
        JsonNode snakeNode = present(key);
        JsonNode camelNode = camel.equals(key) ? null : present(camel);
        if (snakeNode != null && camelNode != null) {
            reading.warning(child(camel), "duplicates '" + key + "', ignored");
        }
        if (snakeNode != null) {
            return new Value(snakeNode, child(key));
        }
        if (camelNode != null) {
            return new Value(camelNode, child(camel));
        }
        return null;
    }

    /** Like {@link #value(String)} for keys that are camelCase in the original format, with a snake_case alias. */
    @Nullable
    Value camelValue(String camelKey) {
        String snake = snakeCase(camelKey);
        consumed.add(camelKey);
        consumed.add(snake);
        JsonNode camelNode = present(camelKey);
        JsonNode snakeNode = snake.equals(camelKey) ? null : present(snake);
        if (camelNode != null) {
            if (snakeNode != null) {
                reading.warning(child(snake), "duplicates '" + camelKey + "', ignored");
            }
            return new Value(camelNode, child(camelKey));
        }
        return snakeNode == null ? null : new Value(snakeNode, child(snake));
    }

    String string(String key, String defaultValue) {
        String text = optionalString(key);
        return text == null ? defaultValue : text;
    }

    @Nullable
    String optionalString(String key) {
        return asString(value(key));
    }

    @Nullable
    String asString(@Nullable Value value) {
        if (value == null) {
            return null;
        }
        if (!value.node().isString()) {
            reading.error(value.pointer(), "must be a string, not " + describe(value.node()));
            return null;
        }
        return value.node().stringValue();
    }

    boolean bool(String key, boolean defaultValue) {
        Value value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.node().isBoolean()) {
            reading.error(value.pointer(), "must be true or false, not " + describe(value.node()));
            return defaultValue;
        }
        return value.node().booleanValue();
    }

    double number(String key, double defaultValue, double min, double max) {
        Double number = optionalNumber(key, min, max);
        return number == null ? defaultValue : number;
    }

    double probability(String key, double defaultValue) {
        return number(key, defaultValue, 0, 1);
    }

    @Nullable
    Double optionalNumber(String key, double min, double max) {
        return asNumber(value(key), min, max);
    }

    @Nullable
    Double asNumber(@Nullable Value value, double min, double max) {
        if (value == null) {
            return null;
        }
        if (!value.node().isNumber()) {
            reading.error(value.pointer(), "must be a number, not " + describe(value.node()));
            return null;
        }
        double number = value.node().doubleValue();
        if (number < min || number > max) {
            reading.error(value.pointer(), rangeReason(min, max) + ", not " + value.node());
            return null;
        }
        return number;
    }

    int integer(String key, int defaultValue, int min) {
        Integer number = optionalInteger(key, min);
        return number == null ? defaultValue : number;
    }

    @Nullable
    Integer optionalInteger(String key, int min) {
        Value value = value(key);
        if (value == null) {
            return null;
        }
        JsonNode node = value.node();
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            reading.error(value.pointer(), "must be a whole number, not " + describe(node));
            return null;
        }
        if (node.intValue() < min) {
            reading.error(value.pointer(), "must be ≥ " + min + ", not " + node.intValue());
            return null;
        }
        return node.intValue();
    }

    List<String> strings(String key) {
        Value value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!value.node().isArray()) {
            reading.error(value.pointer(), "must be a list of strings, not " + describe(value.node()));
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        int index = 0;
        for (JsonNode element : value.node().values()) {
            String elementPointer = value.pointer() + "/" + index++;
            if (element.isString()) {
                strings.add(element.stringValue());
            } else {
                reading.error(elementPointer, "must be a string, not " + describe(element));
            }
        }
        return strings;
    }

    /** The object under {@code key}; an absent section (all defaults) when the key is missing or not an object. */
    Section section(String key) {
        return asSection(value(key));
    }

    Section asSection(@Nullable Value value) {
        if (value == null) {
            return new Section(reading, null, pointer);
        }
        if (!value.node().isObject()) {
            reading.error(value.pointer(), "must be an object, not " + describe(value.node()));
            return new Section(reading, null, value.pointer());
        }
        return new Section(reading, value.node(), value.pointer());
    }

    /** Every entry of this object in document order, each marked as known. */
    List<Value> entries() {
        if (node == null) {
            return List.of();
        }
        List<Value> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            consumed.add(entry.getKey());
            if (!entry.getValue().isNull()) {
                entries.add(new Value(entry.getValue(), child(entry.getKey())));
            }
        }
        return entries;
    }

    /** The key of an entry returned by {@link #entries()}. */
    static String keyOf(Value entry) {
        String last = entry.pointer().substring(entry.pointer().lastIndexOf('/') + 1);
        return last.replace("~1", "/").replace("~0", "~");
    }

    /**
     * A free-form block (the trading blocks) as plain values: maps, lists, strings, booleans, {@code Long} or
     * {@code BigInteger} for whole numbers, {@code Double} for others. JSON nulls are dropped with a warning.
     */
    Map<String, Object> plainObject(String key) {
        Value value = value(key);
        if (value == null) {
            return Map.of();
        }
        if (!value.node().isObject()) {
            reading.error(value.pointer(), "must be an object, not " + describe(value.node()));
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) plain(value.node(), value.pointer());
        return map;
    }

    private Object plain(JsonNode value, String at) {
        if (value.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                String entryPointer = at + "/" + escape(entry.getKey());
                if (entry.getValue().isNull()) {
                    reading.warning(entryPointer, "null value ignored");
                } else {
                    map.put(entry.getKey(), plain(entry.getValue(), entryPointer));
                }
            }
            return Collections.unmodifiableMap(map);
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            int index = 0;
            for (JsonNode element : value.values()) {
                String elementPointer = at + "/" + index++;
                if (element.isNull()) {
                    reading.warning(elementPointer, "null value ignored");
                } else {
                    list.add(plain(element, elementPointer));
                }
            }
            return Collections.unmodifiableList(list);
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? (Object) value.longValue() : value.bigIntegerValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        return value.asString();
    }

    /** Reports every key of this object that was never looked up as unknown (a warning). */
    void finish() {
        if (node == null) {
            return;
        }
        for (String key : node.propertyNames()) {
            if (!consumed.contains(key)) {
                reading.warning(child(key), "unknown key, ignored");
            }
        }
    }

    String child(String key) {
        return pointer + "/" + escape(key);
    }

    private @Nullable JsonNode present(String key) {
        if (node == null) {
            return null;
        }
        JsonNode child = node.get(key);
        return child == null || child.isNull() ? null : child;
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> node.booleanValue() ? "true" : "false";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String rangeReason(double min, double max) {
        if (max == Double.MAX_VALUE) {
            return "must be ≥ " + formatNumber(min);
        }
        return "must be between " + formatNumber(min) + " and " + formatNumber(max);
    }

    static String formatNumber(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }

    static String camelCase(String snake) {
        StringBuilder camel = new StringBuilder(snake.length());
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }

    static String snakeCase(String camel) {
        StringBuilder snake = new StringBuilder(camel.length() + 4);
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }
}
