package dev.puppetengine.persona.format;

import static dev.puppetengine.shared.Names.camelCase;

import dev.puppetengine.persona.PersonaProblem;
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

    String string(String key, String defaultValue, TextLimit limit) {
        String text = optionalString(key, limit);
        return text == null ? defaultValue : text;
    }

    @Nullable
    String optionalString(String key, TextLimit limit) {
        return asString(value(key), limit);
    }

    /** The string value, checked against {@code limit}; null (with a problem) when it is not a string or too long. */
    @Nullable
    String asString(@Nullable Value value, TextLimit limit) {
        if (value == null) {
            return null;
        }
        if (!value.node().isString()) {
            reading.error(value.pointer(), "must be a string, not " + describe(value.node()));
            return null;
        }
        return checked(value.node().stringValue(), value.pointer(), limit);
    }

    /** The text when it fits {@code limit}; otherwise null, with the problem reported at {@code at}. */
    @Nullable
    String checked(String text, String at, TextLimit limit) {
        String problem = limit.problemWith(text);
        if (problem != null) {
            reading.error(at, problem);
            return null;
        }
        return text;
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

    /** A finite number from {@code min} to {@code max}; NaN, infinity and anything out of range are problems. */
    @Nullable
    Double asNumber(@Nullable Value value, double min, double max) {
        if (value == null) {
            return null;
        }
        JsonNode node = value.node();
        String expected = "must be a number from " + formatNumber(min) + " to " + formatNumber(max);
        if (!node.isNumber()) {
            reading.error(value.pointer(), expected + ", got " + describe(node));
            return null;
        }
        double number = approximate(node);
        if (!Double.isFinite(number) || number < min || number > max) {
            reading.error(value.pointer(), expected + ", got " + numberText(node));
            return null;
        }
        return number;
    }

    int integer(String key, int defaultValue, int min, int max) {
        Integer number = optionalInteger(key, min, max);
        return number == null ? defaultValue : number;
    }

    @Nullable
    Integer optionalInteger(String key, int min, int max) {
        return asInteger(value(key), min, max);
    }

    /** A whole number from {@code min} to {@code max}; {@code 3.0} counts as 3, {@code 2.5} and {@code 1e308} not. */
    @Nullable
    Integer asInteger(@Nullable Value value, int min, int max) {
        if (value == null) {
            return null;
        }
        JsonNode node = value.node();
        String expected = "must be a whole number from " + min + " to " + max;
        if (!node.isNumber()) {
            reading.error(value.pointer(), expected + ", got " + describe(node));
            return null;
        }
        BigDecimal number = exact(node);
        if (number == null
                || number.stripTrailingZeros().scale() > 0
                || number.compareTo(BigDecimal.valueOf(min)) < 0
                || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            reading.error(value.pointer(), expected + ", got " + numberText(node));
            return null;
        }
        return number.intValueExact();
    }

    /** The number as written (cut when very long): {@code 1e308}, {@code 0.5}, {@code NaN}. */
    static String numberText(JsonNode node) {
        BigDecimal number = exact(node);
        if (number == null) {
            return Double.toString(node.doubleValue());
        }
        String text = node.isIntegralNumber() ? node.bigIntegerValue().toString() : number.toString();
        return PersonaProblem.cut(text.replace("E+", "e").replace('E', 'e'), PersonaProblem.QUOTED_LENGTH);
    }

    /** The number as a double: infinite when out of range (Jackson's {@code doubleValue()} throws then). */
    private static double approximate(JsonNode node) {
        BigDecimal number = exact(node);
        return number == null ? node.doubleValue() : number.doubleValue();
    }

    private static @Nullable BigDecimal exact(JsonNode node) {
        if (node.isIntegralNumber()) {
            return new BigDecimal(node.bigIntegerValue());
        }
        if (node.isBigDecimal()) {
            return node.decimalValue();
        }
        double number = node.doubleValue();
        return Double.isFinite(number) ? BigDecimal.valueOf(number) : null;
    }

    List<String> strings(String key, TextLimit limit) {
        return strings(key, TextLimit.MAX_ITEMS, limit);
    }

    /** A list of at most {@code maxItems} strings, each checked against {@code limit}. */
    List<String> strings(String key, int maxItems, TextLimit limit) {
        Value value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!value.node().isArray()) {
            reading.error(value.pointer(), "must be a list of strings, not " + describe(value.node()));
            return List.of();
        }
        if (!withinItems(value, maxItems)) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        int index = 0;
        for (JsonNode element : value.node().values()) {
            String text = asString(new Value(element, value.pointer() + "/" + index++), limit);
            if (text != null) {
                strings.add(text);
            }
        }
        return strings;
    }

    /** True when the list or object has at most {@code maxItems} entries; else reports it. */
    boolean withinItems(Value value, int maxItems) {
        if (value.node().size() > maxItems) {
            reading.error(
                    value.pointer(),
                    "must have at most " + maxItems + " " + (value.node().isObject() ? "entries" : "items") + " (got "
                            + value.node().size() + ")");
            return false;
        }
        return true;
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
     * {@code BigInteger} for whole numbers, {@code Double} for others. JSON nulls are dropped with a warning. Keys,
     * strings and sizes are bounded like the rest of the file; numbers must be finite.
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
        Object plain = plain(value.node(), value.pointer());
        if (!(plain instanceof Map<?, ?>)) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) plain;
        return map;
    }

    private @Nullable Object plain(JsonNode value, String at) {
        if (value.isObject()) {
            if (!withinItems(new Value(value, at), TextLimit.MAX_ITEMS)) {
                return null;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                String entryPointer = at + "/" + escape(entry.getKey());
                String problem = TextLimit.NAME.problemWith(entry.getKey());
                if (problem != null) {
                    reading.error(entryPointer, "key " + problem);
                } else if (entry.getValue().isNull()) {
                    reading.warning(entryPointer, "null value ignored");
                } else {
                    Object plain = plain(entry.getValue(), entryPointer);
                    if (plain != null) {
                        map.put(entry.getKey(), plain);
                    }
                }
            }
            return Collections.unmodifiableMap(map);
        }
        if (value.isArray()) {
            if (!withinItems(new Value(value, at), TextLimit.MAX_ITEMS)) {
                return null;
            }
            List<Object> list = new ArrayList<>();
            int index = 0;
            for (JsonNode element : value.values()) {
                String elementPointer = at + "/" + index++;
                if (element.isNull()) {
                    reading.warning(elementPointer, "null value ignored");
                } else {
                    Object plain = plain(element, elementPointer);
                    if (plain != null) {
                        list.add(plain);
                    }
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
            double number = approximate(value);
            if (!Double.isFinite(number)) {
                reading.error(at, "must be a finite number, got " + numberText(value));
                return null;
            }
            return number;
        }
        if (value.isString()) {
            return checked(value.stringValue(), at, TextLimit.LONG_TEXT);
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

    static String formatNumber(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
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
