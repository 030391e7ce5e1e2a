package dev.puppetengine.llm;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Structured answers as JSON: the shape of a decision record (for JSON schemas and prompts) and the lenient reading
 * of a model's answer into it (fences and chatter around the object are ignored, enum case does not matter). The
 * record's compact constructor validates and clamps.
 */
public final class StructuredJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StructuredJson() {}

    /** One field of a structured answer. {@code values} lists the allowed strings of an enum field. */
    public record Field(String name, Kind kind, List<String> values) {
        public Field {
            values = List.copyOf(values);
        }
    }

    public enum Kind {
        STRING,
        NUMBER,
        ENUM,
        STRING_LIST
    }

    public static List<Field> fields(Class<? extends Record> type) {
        List<Field> fields = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Class<?> raw = component.getType();
            if (raw == double.class || raw == Double.class || raw == float.class || raw == int.class) {
                fields.add(new Field(component.getName(), Kind.NUMBER, List.of()));
            } else if (raw.isEnum()) {
                List<String> values = Arrays.stream(raw.getEnumConstants())
                        .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                        .toList();
                fields.add(new Field(component.getName(), Kind.ENUM, values));
            } else if (List.class.isAssignableFrom(raw)
                    && component.getGenericType() instanceof ParameterizedType p
                    && p.getActualTypeArguments()[0] == String.class) {
                fields.add(new Field(component.getName(), Kind.STRING_LIST, List.of()));
            } else if (raw == String.class) {
                fields.add(new Field(component.getName(), Kind.STRING, List.of()));
            } else {
                throw new IllegalArgumentException(type.getSimpleName() + "." + component.getName()
                        + " has a type structured answers do not support: " + raw.getSimpleName());
            }
        }
        return List.copyOf(fields);
    }

    /** A one-line JSON template of the record, for prompts: {@code {"action": "reply|like", "reason": "..."}}. */
    public static String template(Class<? extends Record> type) {
        List<String> parts = new ArrayList<>();
        for (Field field : fields(type)) {
            String value = switch (field.kind()) {
                case STRING -> "\"...\"";
                case NUMBER -> "0.0";
                case ENUM -> "\"" + String.join("|", field.values()) + "\"";
                case STRING_LIST -> "[\"...\"]";
            };
            parts.add("\"" + field.name() + "\": " + value);
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** Reads the JSON object in {@code generation.text()} as {@code type}; throws when there is none or it is invalid. */
    public static <T extends Record> T parse(Generation generation, Class<T> type) {
        String text = generation.text();
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end <= start) {
            throw new StructuredOutputException(type, generation, "no JSON object in the answer");
        }
        try {
            T value = JSON.readValue(text.substring(start, end + 1), type);
            if (value == null) {
                throw new StructuredOutputException(type, generation, "the answer is null");
            }
            return value;
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            String problem = cause instanceof IllegalArgumentException || cause instanceof NullPointerException
                    ? String.valueOf(cause.getMessage())
                    : e.getOriginalMessage();
            throw new StructuredOutputException(type, generation, problem);
        }
    }
}
