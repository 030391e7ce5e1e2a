package dev.puppetengine.persona.format;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.Behaviour;
import dev.puppetengine.persona.PersonaSpec.ContentPreferences;
import dev.puppetengine.persona.PersonaSpec.ExampleMessage;
import dev.puppetengine.persona.PersonaSpec.Examples;
import dev.puppetengine.persona.PersonaSpec.Formatting;
import dev.puppetengine.persona.PersonaSpec.InitialMemory;
import dev.puppetengine.persona.PersonaSpec.InteractionPatterns;
import dev.puppetengine.persona.PersonaSpec.LlmConfig;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.PersonaSpec.OAuth2Credentials;
import dev.puppetengine.persona.PersonaSpec.Personality;
import dev.puppetengine.persona.PersonaSpec.PostFrequency;
import dev.puppetengine.persona.PersonaSpec.PostProcessing;
import dev.puppetengine.persona.PersonaSpec.SeedEvent;
import dev.puppetengine.persona.PersonaSpec.SeedRelationship;
import dev.puppetengine.persona.PersonaSpec.StyleGuide;
import dev.puppetengine.persona.PersonaSpec.TwitterCredentials;
import dev.puppetengine.persona.PersonaSpec.Vocabulary;
import dev.puppetengine.persona.Secret;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The original Puppet Engine persona format (DESIGN §4.1) read from a JSON tree: snake_case keys with camelCase
 * aliases, {@code twitter_credentials} in camelCase with {@code ${ENV_VAR}} references, every default applied.
 */
final class PuppetJsonFormat {

    static final double DEFAULT_MIN_HOURS = 3;
    static final double DEFAULT_MAX_HOURS = 12;
    static final double DEFAULT_REPLY_PROBABILITY = 0.5;
    static final double DEFAULT_QUOTE_PROBABILITY = 0.3;
    static final double DEFAULT_LIKE_PROBABILITY = 0.7;
    static final int DEFAULT_MAX_THREAD_LENGTH = 3;
    static final int DEFAULT_TYPICAL_POST_LENGTH = 240;
    static final double DEFAULT_LINK_SHARING_FREQUENCY = 0.2;
    static final int DEFAULT_MAX_REGENERATIONS = 2;
    static final double DEFAULT_EVENT_IMPORTANCE = 0.5;
    static final double DEFAULT_TRUST = 0.5;
    static final String DEFAULT_LLM_PROVIDER = "openai";
    static final String DEFAULT_HASHTAG_STYLE = "none";
    static final String DEFAULT_EMOJI_FREQUENCY = "none";
    static final String DEFAULT_CAPITALIZATION = "standard";
    static final String DEFAULT_SENTENCE_LENGTH = "varied";

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private PuppetJsonFormat() {}

    /** Reads a persona document; null when it has errors (all of them are in {@code reading}). */
    static @Nullable PersonaSpec read(JsonNode document, DocumentReading reading) {
        if (!document.isObject()) {
            reading.error("", "a persona file must hold one JSON object, not " + Section.describe(document));
            return null;
        }
        Section root = Section.root(reading, document);
        PersonaId id = readId(root);
        String name = root.string("name", id == null ? "" : id.value());
        String description = root.string("description", "");
        String llmProvider = readProvider(root);
        LlmConfig llmConfig = readLlmConfig(root.section("llm_config"));
        TwitterCredentials credentials = readCredentials(root.section("twitter_credentials"));
        String customSystemPrompt = root.optionalString("custom_system_prompt");
        List<String> rotating = root.strings("rotating_system_prompts");
        Personality personality = readPersonality(root.section("personality"));
        StyleGuide styleGuide = readStyleGuide(root.section("style_guide"));
        InitialMemory initialMemory = readInitialMemory(root.section("initial_memory"));
        Behaviour behaviour = readBehaviour(root);
        PostProcessing postProcessing = readPostProcessing(root.section("post_processing"));
        Examples examples = readExamples(root.section("examples"));
        boolean active = root.bool("is_active", true);
        root.finish();
        if (id == null || reading.hasErrors()) {
            return null;
        }
        return new PersonaSpec(
                id,
                name,
                description,
                llmProvider,
                llmConfig,
                credentials,
                customSystemPrompt,
                rotating,
                personality,
                styleGuide,
                initialMemory,
                behaviour,
                postProcessing,
                examples,
                active);
    }

    private static @Nullable PersonaId readId(Section root) {
        Section.Value value = root.value("id");
        if (value == null) {
            root.reading().error("/id", "required: a persona id matching " + PersonaId.PATTERN.pattern());
            return null;
        }
        String id = root.asString(value);
        if (id == null) {
            return null;
        }
        if (!PersonaId.PATTERN.matcher(id).matches()) {
            root.reading()
                    .error(
                            value.pointer(),
                            "'" + id + "' is not a valid id: use 1-64 lowercase letters, digits, '-' or '_', starting"
                                    + " with a letter or digit");
            return null;
        }
        return PersonaId.of(id);
    }

    private static String readProvider(Section root) {
        Section.Value value = root.value("llm_provider");
        String provider = root.asString(value);
        if (provider == null) {
            return DEFAULT_LLM_PROVIDER;
        }
        if (provider.isBlank()) {
            root.reading().error(value == null ? "/llm_provider" : value.pointer(), "must name a provider");
            return DEFAULT_LLM_PROVIDER;
        }
        return provider;
    }

    static LlmConfig readLlmConfig(Section section) {
        LlmConfig config = new LlmConfig(
                section.optionalString("model"),
                section.optionalNumber("temperature", 0, 2),
                section.optionalInteger("max_tokens", 1),
                section.optionalNumber("top_p", 0, 1),
                section.optionalNumber("frequency_penalty", -2, 2),
                section.optionalNumber("presence_penalty", -2, 2));
        section.finish();
        return config;
    }

    private static @Nullable TwitterCredentials readCredentials(Section section) {
        if (!section.isPresent() || section.isEmpty()) {
            return null;
        }
        boolean oauth2 = section.has("client_id") || section.has("refresh_token");
        TwitterCredentials credentials;
        if (oauth2) {
            String clientId = requiredString(section, section.camelValue("clientId"), "clientId");
            Secret refreshToken = secret(section, section.camelValue("refreshToken"), "refreshToken");
            credentials =
                    clientId == null || refreshToken == null ? null : new OAuth2Credentials(clientId, refreshToken);
        } else {
            Secret apiKey = secret(section, section.camelValue("apiKey"), "apiKey");
            Secret apiKeySecret = secret(section, section.camelValue("apiKeySecret"), "apiKeySecret");
            Secret accessToken = secret(section, section.camelValue("accessToken"), "accessToken");
            Secret accessTokenSecret = secret(section, section.camelValue("accessTokenSecret"), "accessTokenSecret");
            credentials = apiKey == null || apiKeySecret == null || accessToken == null || accessTokenSecret == null
                    ? null
                    : new OAuth1Credentials(apiKey, apiKeySecret, accessToken, accessTokenSecret);
        }
        section.finish();
        return credentials;
    }

    private static @Nullable String requiredString(Section section, Section.@Nullable Value value, String key) {
        if (value == null) {
            section.reading().error(section.child(key), "required");
            return null;
        }
        return section.asString(value);
    }

    /** A secret: a {@code ${ENV_VAR}} reference resolved from the environment, or a literal. */
    private static @Nullable Secret secret(Section section, Section.@Nullable Value value, String key) {
        String source = requiredString(section, value, key);
        if (source == null || value == null) {
            return null;
        }
        if (source.isBlank()) {
            section.reading()
                    .error(value.pointer(), "must not be empty (leave twitter_credentials out when not posting to X)");
            return null;
        }
        Matcher reference = ENV_REFERENCE.matcher(source.strip());
        if (!reference.matches()) {
            if (source.contains("${")) {
                section.reading()
                        .error(value.pointer(), "a reference must be the whole value, like ${TWITTER_API_KEY}");
                return null;
            }
            return new Secret(source, source);
        }
        String variable = reference.group(1);
        String resolved = section.reading().environmentVariable(variable);
        if (resolved == null || resolved.isEmpty()) {
            section.reading().error(value.pointer(), "environment variable " + variable + " is not set");
            return null;
        }
        return new Secret(source.strip(), resolved);
    }

    private static Personality readPersonality(Section section) {
        Personality personality = new Personality(
                section.strings("traits"),
                section.strings("values"),
                section.string("speaking_style", ""),
                section.strings("interests"));
        section.finish();
        return personality;
    }

    private static StyleGuide readStyleGuide(Section section) {
        String voice = section.string("voice", "");
        String tone = section.string("tone", "");
        Section formattingSection = section.section("formatting");
        Formatting formatting = new Formatting(
                formattingSection.bool("uses_hashtags", false),
                formattingSection.string("hashtag_style", DEFAULT_HASHTAG_STYLE),
                formattingSection.bool("uses_emojis", false),
                formattingSection.string("emoji_frequency", DEFAULT_EMOJI_FREQUENCY),
                formattingSection.string("capitalization", DEFAULT_CAPITALIZATION),
                formattingSection.string("sentence_length", DEFAULT_SENTENCE_LENGTH),
                formattingSection.bool("avoid_hyphens", false));
        formattingSection.finish();
        Section vocabularySection = section.section("vocabulary");
        Vocabulary vocabulary =
                new Vocabulary(vocabularySection.strings("key_terms"), vocabularySection.strings("avoid_terms"));
        vocabularySection.finish();
        StyleGuide styleGuide = new StyleGuide(
                voice,
                tone,
                formatting,
                vocabulary,
                section.strings("topics_to_avoid"),
                section.strings("rules"),
                section.strings("post_rules"),
                section.strings("chat_rules"));
        section.finish();
        return styleGuide;
    }

    private static InitialMemory readInitialMemory(Section section) {
        List<String> coreMemories = section.strings("core_memories");
        List<SeedEvent> recentEvents = new ArrayList<>();
        Section.Value events = section.value("recent_events");
        if (events != null) {
            if (!events.node().isArray()) {
                section.reading().error(events.pointer(), "must be a list, not " + Section.describe(events.node()));
            } else {
                int index = 0;
                for (JsonNode element : events.node().values()) {
                    SeedEvent event = readSeedEvent(section.reading(), element, events.pointer() + "/" + index++);
                    if (event != null) {
                        recentEvents.add(event);
                    }
                }
            }
        }
        Map<String, SeedRelationship> relationships = new LinkedHashMap<>();
        Section relationshipsSection = section.section("relationships");
        for (Section.Value entry : relationshipsSection.entries()) {
            Section relationship = relationshipsSection.asSection(entry);
            if (!relationship.isPresent()) {
                continue;
            }
            relationships.put(
                    Section.keyOf(entry),
                    new SeedRelationship(
                            relationship.number("sentiment", 0, -1, 1),
                            relationship.probability("familiarity", 0),
                            relationship.probability("trust", DEFAULT_TRUST),
                            relationship.strings("notes")));
            relationship.finish();
        }
        section.finish();
        return new InitialMemory(coreMemories, recentEvents, relationships);
    }

    private static @Nullable SeedEvent readSeedEvent(DocumentReading reading, JsonNode element, String pointer) {
        if (element.isString()) {
            return new SeedEvent(element.stringValue(), null, DEFAULT_EVENT_IMPORTANCE);
        }
        if (!element.isObject()) {
            reading.error(pointer, "must be a string or an object {content, timestamp, importance}");
            return null;
        }
        Section event = Section.of(reading, element, pointer);
        Section.Value contentValue = event.value("content");
        String content = contentValue == null ? null : event.asString(contentValue);
        if (contentValue == null) {
            reading.error(pointer + "/content", "required");
        }
        Instant timestamp = readTimestamp(event);
        double importance = event.probability("importance", DEFAULT_EVENT_IMPORTANCE);
        event.finish();
        return content == null ? null : new SeedEvent(content, timestamp, importance);
    }

    private static @Nullable Instant readTimestamp(Section event) {
        Section.Value value = event.value("timestamp");
        String text = event.asString(value);
        if (text == null || value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notInstant) {
                event.reading()
                        .error(
                                value.pointer(),
                                "must be an ISO-8601 timestamp like 2025-01-31T09:00:00Z, not '" + text + "'");
                return null;
            }
        }
    }

    private static Behaviour readBehaviour(Section root) {
        Section behaviour = root.section("behavior");
        PostFrequency postFrequency = readPostFrequency(behaviour.section("post_frequency"));
        Section patterns = behaviour.section("interaction_patterns");
        InteractionPatterns interactionPatterns = new InteractionPatterns(
                patterns.probability("reply_probability", DEFAULT_REPLY_PROBABILITY),
                patterns.probability("quote_tweet_probability", DEFAULT_QUOTE_PROBABILITY),
                patterns.probability("like_probability", DEFAULT_LIKE_PROBABILITY));
        patterns.finish();
        Section content = behaviour.section("content_preferences");
        ContentPreferences contentPreferences = new ContentPreferences(
                content.integer("max_thread_length", DEFAULT_MAX_THREAD_LENGTH, 1),
                content.integer("typical_post_length", DEFAULT_TYPICAL_POST_LENGTH, 1),
                content.optionalInteger("max_post_length", 1),
                content.probability("link_sharing_frequency", DEFAULT_LINK_SHARING_FREQUENCY));
        content.finish();
        Map<String, Object> trading = block(root, behaviour, "trading_behavior");
        Map<String, Object> solana = block(root, behaviour, "solana_integration");
        Map<String, Object> agentKit = block(root, behaviour, "agent_kit_integration");
        behaviour.finish();
        return new Behaviour(postFrequency, interactionPatterns, contentPreferences, trading, solana, agentKit);
    }

    /** A trading block, accepted under {@code behavior} and at the top level (the original used both). */
    private static Map<String, Object> block(Section root, Section behaviour, String key) {
        Map<String, Object> nested = behaviour.plainObject(key);
        Map<String, Object> top = root.plainObject(key);
        if (!nested.isEmpty() && !top.isEmpty()) {
            root.reading().warning(root.child(key), "also given under /behavior, ignored");
        }
        return nested.isEmpty() ? top : nested;
    }

    private static PostFrequency readPostFrequency(Section section) {
        Double min = section.optionalNumber("min_hours_between_posts", 0, Double.MAX_VALUE);
        Section.Value maxValue = section.value("max_hours_between_posts");
        Double max = section.asNumber(maxValue, 0, Double.MAX_VALUE);
        if (max != null && maxValue != null && max == 0) {
            section.reading().error(maxValue.pointer(), "must be > 0");
            max = null;
        }
        double minHours = min == null ? DEFAULT_MIN_HOURS : min;
        double maxHours = max == null ? DEFAULT_MAX_HOURS : max;
        if ((min != null || max != null) && minHours > maxHours) {
            section.reading()
                    .error(
                            section.child(min != null ? "min_hours_between_posts" : "max_hours_between_posts"),
                            "min_hours_between_posts (" + Section.formatNumber(minHours)
                                    + ") must not exceed max_hours_between_posts (" + Section.formatNumber(maxHours)
                                    + ")");
        }
        List<Integer> peakHours = new ArrayList<>();
        Section.Value peak = section.value("peak_posting_hours");
        if (peak != null) {
            if (!peak.node().isArray()) {
                section.reading()
                        .error(peak.pointer(), "must be a list of hours 0-23, not " + Section.describe(peak.node()));
            } else {
                int index = 0;
                for (JsonNode hour : peak.node().values()) {
                    String hourPointer = peak.pointer() + "/" + index++;
                    if (hour.isIntegralNumber()
                            && hour.canConvertToInt()
                            && hour.intValue() >= 0
                            && hour.intValue() <= 23) {
                        peakHours.add(hour.intValue());
                    } else {
                        section.reading().error(hourPointer, "must be an hour from 0 to 23, not " + hour);
                    }
                }
            }
        }
        Section.Value zoneValue = section.value("timezone");
        String zoneText = section.asString(zoneValue);
        ZoneId zone = ZoneId.of("UTC");
        if (zoneText != null && zoneValue != null) {
            try {
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException unknown) {
                section.reading()
                        .error(
                                zoneValue.pointer(),
                                "unknown timezone '" + zoneText + "' (use a name like Europe/Berlin)");
            }
        }
        section.finish();
        return new PostFrequency(minHours, maxHours, peakHours, zone);
    }

    private static PostProcessing readPostProcessing(Section section) {
        PostProcessing postProcessing = new PostProcessing(
                section.bool("force_lowercase", false),
                section.bool("strip_hashtags", false),
                section.bool("strip_emojis", false),
                section.strings("banned_phrases"),
                section.strings("discouraged_openings"),
                section.integer("max_regenerations", DEFAULT_MAX_REGENERATIONS, 0));
        section.finish();
        return postProcessing;
    }

    private static Examples readExamples(Section section) {
        List<String> posts = section.strings("posts");
        List<List<ExampleMessage>> conversations = new ArrayList<>();
        Section.Value value = section.value("conversations");
        if (value != null) {
            if (!value.node().isArray()) {
                section.reading()
                        .error(
                                value.pointer(),
                                "must be a list of conversations, not " + Section.describe(value.node()));
            } else {
                int index = 0;
                for (JsonNode conversation : value.node().values()) {
                    String conversationPointer = value.pointer() + "/" + index++;
                    if (!conversation.isArray()) {
                        section.reading().error(conversationPointer, "must be a list of {speaker, text} messages");
                        continue;
                    }
                    List<ExampleMessage> messages = new ArrayList<>();
                    int messageIndex = 0;
                    for (JsonNode message : conversation.values()) {
                        Section messageSection = section.asSection(
                                new Section.Value(message, conversationPointer + "/" + messageIndex++));
                        if (!messageSection.isPresent()) {
                            continue;
                        }
                        String speaker = requiredString(messageSection, messageSection.value("speaker"), "speaker");
                        String text = requiredString(messageSection, messageSection.value("text"), "text");
                        messageSection.finish();
                        if (speaker != null && text != null) {
                            messages.add(new ExampleMessage(speaker, text));
                        }
                    }
                    conversations.add(messages);
                }
            }
        }
        section.finish();
        return new Examples(posts, conversations);
    }

    static Formatting defaultFormatting() {
        return new Formatting(
                false,
                DEFAULT_HASHTAG_STYLE,
                false,
                DEFAULT_EMOJI_FREQUENCY,
                DEFAULT_CAPITALIZATION,
                DEFAULT_SENTENCE_LENGTH,
                false);
    }

    static Behaviour defaultBehaviour() {
        return new Behaviour(
                new PostFrequency(DEFAULT_MIN_HOURS, DEFAULT_MAX_HOURS, List.of(), ZoneId.of("UTC")),
                new InteractionPatterns(DEFAULT_REPLY_PROBABILITY, DEFAULT_QUOTE_PROBABILITY, DEFAULT_LIKE_PROBABILITY),
                new ContentPreferences(
                        DEFAULT_MAX_THREAD_LENGTH, DEFAULT_TYPICAL_POST_LENGTH, null, DEFAULT_LINK_SHARING_FREQUENCY),
                Map.of(),
                Map.of(),
                Map.of());
    }

    static PostProcessing defaultPostProcessing() {
        return new PostProcessing(false, false, false, List.of(), List.of(), DEFAULT_MAX_REGENERATIONS);
    }
}
