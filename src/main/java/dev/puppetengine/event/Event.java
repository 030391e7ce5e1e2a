package dev.puppetengine.event;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.InvalidInputException;
import dev.puppetengine.shared.Names;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Something that happens to personas (DESIGN §4.4): news, a mood shift, a prompt for one persona to interact with
 * another, or an operator-defined type carrying any JSON object. {@link #type()} and {@link #data()} are the wire
 * form ({@code snake_case} keys) that is stored and shown; {@link #of} reads it back.
 */
public sealed interface Event permits Event.News, Event.MoodShift, Event.InteractionPrompt, Event.Custom {

    String NEWS = "news";
    String MOOD_SHIFT = "mood_shift";
    String INTERACTION_PROMPT = "interaction_prompt";

    /** Operator-defined type names: lower case letters, digits, {@code _ - .}, starting with a letter. */
    Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    int MAX_TEXT = 500;

    String type();

    /** The event's data as stored and shown: a JSON object of plain values. */
    Map<String, @Nullable Object> data();

    /** A headline on a topic, optionally with a link; broadcast to its targets. */
    record News(String headline, String topic, @Nullable String url) implements Event {
        public News {
            headline = requireText(headline, "headline");
            topic = topic.isBlank() ? "news" : requireText(topic, "topic");
            url = url == null || url.isBlank() ? null : requireText(url, "url");
        }

        @Override
        public String type() {
            return NEWS;
        }

        @Override
        public Map<String, @Nullable Object> data() {
            Map<String, @Nullable Object> data = new LinkedHashMap<>();
            data.put("headline", headline);
            data.put("topic", topic);
            if (url != null) {
                data.put("url", url);
            }
            return data;
        }
    }

    /** A named change of mood; each shift is added to the mood, which then clamps (DESIGN §4.2). */
    record MoodShift(String name, double valenceShift, double arousalShift, double dominanceShift) implements Event {
        public MoodShift {
            name = requireText(name, "name");
            requireShift(valenceShift, "valence_shift");
            requireShift(arousalShift, "arousal_shift");
            requireShift(dominanceShift, "dominance_shift");
        }

        @Override
        public String type() {
            return MOOD_SHIFT;
        }

        @Override
        public Map<String, @Nullable Object> data() {
            Map<String, @Nullable Object> data = new LinkedHashMap<>();
            data.put("name", name);
            data.put("valence_shift", valenceShift);
            data.put("arousal_shift", arousalShift);
            data.put("dominance_shift", dominanceShift);
            return data;
        }
    }

    /** Asks persona {@code initiatorId} to read a recent post of {@code targetId} and react to it (DESIGN §4.5). */
    record InteractionPrompt(String initiatorId, String targetId, String topic) implements Event {
        public InteractionPrompt {
            initiatorId = requirePersonaId(initiatorId, "initiator_id");
            targetId = requirePersonaId(targetId, "target_id");
            topic = topic.isBlank() ? "" : requireText(topic, "topic");
            if (initiatorId.equals(targetId)) {
                throw new InvalidInputException("/data/target_id", "must differ from initiator_id");
            }
        }

        @Override
        public String type() {
            return INTERACTION_PROMPT;
        }

        @Override
        public Map<String, @Nullable Object> data() {
            Map<String, @Nullable Object> data = new LinkedHashMap<>();
            data.put("initiator_id", initiatorId);
            data.put("target_id", targetId);
            data.put("topic", topic);
            return data;
        }
    }

    /** An operator-defined type: stored, routed to the listeners of that type and shown. */
    record Custom(String type, Map<String, @Nullable Object> data) implements Event {
        public Custom {
            if (!TYPE_NAME.matcher(type).matches()) {
                throw new InvalidInputException(
                        "/type", "must be 1..64 lower-case letters, digits, '_', '-' or '.', starting with a letter");
            }
            if (type.equals(NEWS) || type.equals(MOOD_SHIFT) || type.equals(INTERACTION_PROMPT)) {
                throw new IllegalArgumentException(type + " is a built-in type");
            }
            data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    /**
     * Reads an event from its wire form: the built-in types check their fields (accepting {@code camelCase} keys too),
     * any other type is {@link Custom}. Bad input throws {@link InvalidInputException} naming the field as a JSON
     * pointer into the request ({@code /data/headline}).
     */
    static Event of(String type, Map<String, @Nullable Object> data) {
        String name = type.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case NEWS -> new News(text(data, "headline", true), text(data, "topic", false), optional(data, "url"));
            case MOOD_SHIFT ->
                new MoodShift(
                        text(data, "name", true),
                        number(data, "valence_shift"),
                        number(data, "arousal_shift"),
                        number(data, "dominance_shift"));
            case INTERACTION_PROMPT ->
                new InteractionPrompt(
                        text(data, "initiator_id", true), text(data, "target_id", true), text(data, "topic", false));
            default -> {
                if (name.isEmpty()) {
                    throw new InvalidInputException("/type", "must not be blank");
                }
                yield new Custom(name, data);
            }
        };
    }

    private static @Nullable Object value(Map<String, @Nullable Object> data, String key) {
        Object value = data.get(key);
        return value != null ? value : data.get(Names.camelCase(key));
    }

    private static String text(Map<String, @Nullable Object> data, String key, boolean required) {
        Object value = value(data, key);
        if (value == null) {
            if (required) {
                throw new InvalidInputException("/data/" + key, "is required");
            }
            return "";
        }
        if (!(value instanceof String text)) {
            throw new InvalidInputException("/data/" + key, "must be a string");
        }
        if (required && text.isBlank()) {
            throw new InvalidInputException("/data/" + key, "must not be blank");
        }
        return text;
    }

    private static @Nullable String optional(Map<String, @Nullable Object> data, String key) {
        String text = text(data, key, false);
        return text.isBlank() ? null : text;
    }

    private static double number(Map<String, @Nullable Object> data, String key) {
        Object value = value(data, key);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number number)) {
            throw new InvalidInputException("/data/" + key, "must be a number");
        }
        return number.doubleValue();
    }

    private static String requireText(String text, String field) {
        Objects.requireNonNull(text, field);
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            throw new InvalidInputException("/data/" + field, "must not be blank");
        }
        if (stripped.length() > MAX_TEXT) {
            throw new InvalidInputException("/data/" + field, "must be at most " + MAX_TEXT + " characters");
        }
        if (stripped.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw new InvalidInputException("/data/" + field, "must not contain control characters");
        }
        return stripped;
    }

    private static String requirePersonaId(String id, String field) {
        String text = requireText(id, field);
        if (!PersonaId.PATTERN.matcher(text).matches()) {
            throw new InvalidInputException("/data/" + field, "must be a persona id");
        }
        return text;
    }

    private static void requireShift(double shift, String field) {
        if (!(shift >= -1 && shift <= 1)) {
            throw new InvalidInputException("/data/" + field, "must be between -1 and 1");
        }
    }
}
