package dev.puppetengine.persona.format;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaProblem;
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
import java.util.function.Consumer;
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

    /** Upper bounds of the numbers (DESIGN §4.1): a value over one is a located problem, not a runaway schedule. */
    static final double MAX_HOURS = 720;

    static final int MAX_TOKENS = 100_000;
    static final int MAX_THREAD_LENGTH = 25;
    static final int MAX_POST_LENGTH = 25_000;
    static final int MAX_REGENERATIONS = 5;
    static final int MAX_CONVERSATIONS = 100;
    static final int MAX_MESSAGES = 100;
    private static final int HOURS_PER_DAY = 24;

    private static final List<String> OAUTH1_KEYS =
            List.of("apiKey", "apiKeySecret", "accessToken", "accessTokenSecret");
    private static final List<String> OAUTH2_KEYS = List.of("clientId", "refreshToken");

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
        String name = root.string("name", id == null ? "" : id.value(), TextLimit.NAME);
        String description = root.string("description", "", TextLimit.LONG_TEXT);
        String llmProvider = readProvider(root);
        LlmConfig llmConfig = readLlmConfig(root.section("llm_config"));
        TwitterCredentials credentials = readCredentials(root.section("twitter_credentials"));
        String customSystemPrompt = root.optionalString("custom_system_prompt", TextLimit.PROMPT);
        List<String> rotating = root.strings("rotating_system_prompts", TextLimit.MAX_PROMPTS, TextLimit.PROMPT);
        Personality personality = readPersonality(root.section("personality"));
        StyleGuide styleGuide = readStyleGuide(root.section("style_guide"));
        InitialMemory initialMemory = readInitialMemory(root.section("initial_memory"));
        Behaviour behaviour = readBehaviour(root);
        PostProcessing postProcessing = readPostProcessing(root.section("post_processing"));
        Examples examples = readExamples(root.section("examples"));
        boolean active = root.bool("is_active", true);
        PersonaSpec.Approval approval = readApproval(root);
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
                active,
                approval);
    }

    private static PersonaSpec.Approval readApproval(Section root) {
        Section.Value value = root.value("approval");
        if (value == null) {
            return PersonaSpec.Approval.OFF;
        }
        String text = value.node().isString() ? value.node().stringValue() : null;
        java.util.Optional<PersonaSpec.Approval> approval =
                text == null ? java.util.Optional.empty() : PersonaSpec.Approval.fromWireName(text);
        if (approval.isEmpty()) {
            root.reading()
                    .error(
                            value.pointer(),
                            "must be one of " + String.join(", ", PersonaSpec.Approval.wireNames()) + ", not "
                                    + (text == null ? Section.describe(value.node()) : PersonaProblem.quote(text)));
            return PersonaSpec.Approval.OFF;
        }
        return approval.get();
    }

    private static @Nullable PersonaId readId(Section root) {
        Section.Value value = root.value("id");
        if (value == null) {
            root.reading().error("/id", "required: a persona id matching " + PersonaId.PATTERN.pattern());
            return null;
        }
        if (!value.node().isString()) {
            root.reading().error(value.pointer(), "must be a string, not " + Section.describe(value.node()));
            return null;
        }
        String id = value.node().stringValue();
        if (!PersonaId.PATTERN.matcher(id).matches()) {
            root.reading()
                    .error(
                            value.pointer(),
                            PersonaProblem.quote(id) + " is not a valid id: use 1-64 lowercase letters, digits, '-' or"
                                    + " '_', starting with a letter or digit");
            return null;
        }
        return PersonaId.of(id);
    }

    private static String readProvider(Section root) {
        Section.Value value = root.value("llm_provider");
        String provider = root.asString(value, TextLimit.IDENTIFIER);
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
                section.optionalString("model", TextLimit.NAME),
                section.optionalNumber("temperature", 0, 2),
                section.optionalInteger("max_tokens", 1, MAX_TOKENS),
                section.optionalNumber("top_p", 0, 1),
                section.optionalNumber("frequency_penalty", -2, 2),
                section.optionalNumber("presence_penalty", -2, 2));
        section.finish();
        return config;
    }

    /**
     * The persona's X credentials. A block whose values are all empty (or missing), as the original project's files
     * have them, means "no credentials of its own": a warning, not an error. A partly filled block is an error.
     */
    private static @Nullable TwitterCredentials readCredentials(Section section) {
        if (!section.isPresent() || section.isEmpty()) {
            return null;
        }
        boolean oauth2 = section.has("client_id") || section.has("refresh_token");
        List<String> keys = oauth2 ? OAUTH2_KEYS : OAUTH1_KEYS;
        Map<String, Section.Value> values = new LinkedHashMap<>();
        for (String key : keys) {
            Section.Value value = section.camelValue(key);
            if (value != null) {
                values.put(key, value);
            }
        }
        boolean allEmpty = values.values().stream()
                .allMatch(value ->
                        value.node().isString() && value.node().stringValue().isBlank());
        if (allEmpty) {
            section.reading().warning(section.pointer(), "empty credentials, the persona has none of its own");
            section.finish();
            return null;
        }
        TwitterCredentials credentials;
        if (oauth2) {
            String clientId = requiredString(section, values.get("clientId"), "clientId", TextLimit.LABEL);
            Secret refreshToken = secret(section, values.get("refreshToken"), "refreshToken");
            credentials =
                    clientId == null || refreshToken == null ? null : new OAuth2Credentials(clientId, refreshToken);
        } else {
            Secret apiKey = secret(section, values.get("apiKey"), "apiKey");
            Secret apiKeySecret = secret(section, values.get("apiKeySecret"), "apiKeySecret");
            Secret accessToken = secret(section, values.get("accessToken"), "accessToken");
            Secret accessTokenSecret = secret(section, values.get("accessTokenSecret"), "accessTokenSecret");
            credentials = apiKey == null || apiKeySecret == null || accessToken == null || accessTokenSecret == null
                    ? null
                    : new OAuth1Credentials(apiKey, apiKeySecret, accessToken, accessTokenSecret);
        }
        section.finish();
        return credentials;
    }

    private static @Nullable String requiredString(
            Section section, Section.@Nullable Value value, String key, TextLimit limit) {
        if (value == null) {
            section.reading().error(section.child(key), "required");
            return null;
        }
        return section.asString(value, limit);
    }

    /** A secret: a {@code ${ENV_VAR}} reference resolved from the environment, or a literal. */
    private static @Nullable Secret secret(Section section, Section.@Nullable Value value, String key) {
        String source = requiredString(section, value, key, TextLimit.SECRET);
        if (source == null || value == null) {
            return null;
        }
        if (source.isBlank()) {
            section.reading()
                    .error(
                            value.pointer(),
                            "must not be empty when the other credentials are given (give all of them, or leave"
                                    + " them all empty for none)");
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
                section.strings("traits", TextLimit.TEXT),
                section.strings("values", TextLimit.TEXT),
                section.string("speaking_style", "", TextLimit.TEXT),
                section.strings("interests", TextLimit.TEXT));
        section.finish();
        return personality;
    }

    private static StyleGuide readStyleGuide(Section section) {
        String voice = section.string("voice", "", TextLimit.TEXT);
        String tone = section.string("tone", "", TextLimit.TEXT);
        Section formattingSection = section.section("formatting");
        Formatting formatting = new Formatting(
                formattingSection.bool("uses_hashtags", false),
                formattingSection.string("hashtag_style", DEFAULT_HASHTAG_STYLE, TextLimit.LABEL),
                formattingSection.bool("uses_emojis", false),
                formattingSection.string("emoji_frequency", DEFAULT_EMOJI_FREQUENCY, TextLimit.LABEL),
                formattingSection.string("capitalization", DEFAULT_CAPITALIZATION, TextLimit.LABEL),
                formattingSection.string("sentence_length", DEFAULT_SENTENCE_LENGTH, TextLimit.LABEL),
                formattingSection.bool("avoid_hyphens", false));
        formattingSection.finish();
        Section vocabularySection = section.section("vocabulary");
        Vocabulary vocabulary = new Vocabulary(
                vocabularySection.strings("key_terms", TextLimit.TEXT),
                vocabularySection.strings("avoid_terms", TextLimit.TEXT));
        vocabularySection.finish();
        StyleGuide styleGuide = new StyleGuide(
                voice,
                tone,
                formatting,
                vocabulary,
                section.strings("topics_to_avoid", TextLimit.TEXT),
                section.strings("rules", TextLimit.TEXT),
                section.strings("post_rules", TextLimit.TEXT),
                section.strings("chat_rules", TextLimit.TEXT));
        section.finish();
        return styleGuide;
    }

    private static InitialMemory readInitialMemory(Section section) {
        List<String> coreMemories = section.strings("core_memories", TextLimit.LONG_TEXT);
        List<SeedEvent> recentEvents = new ArrayList<>();
        Section.Value events = section.value("recent_events");
        if (events != null) {
            if (!events.node().isArray()) {
                section.reading().error(events.pointer(), "must be a list, not " + Section.describe(events.node()));
            } else if (section.withinItems(events, TextLimit.MAX_ITEMS)) {
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
        Section.Value relationshipsValue = section.value("relationships");
        Section relationshipsSection = section.asSection(relationshipsValue);
        List<Section.Value> entries = relationshipsValue == null
                        || !relationshipsSection.isPresent()
                        || !section.withinItems(relationshipsValue, TextLimit.MAX_ITEMS)
                ? List.of()
                : relationshipsSection.entries();
        for (Section.Value entry : entries) {
            String counterpart = Section.keyOf(entry);
            Section relationship = relationshipsSection.asSection(entry);
            String keyProblem = counterpart.isBlank()
                    ? "must not be empty: the key is the counterpart's id"
                    : TextLimit.IDENTIFIER.problemWith(counterpart);
            if (keyProblem != null) {
                section.reading().error(entry.pointer(), "relationship key " + keyProblem);
            }
            if (!relationship.isPresent()) {
                continue;
            }
            SeedRelationship seed = new SeedRelationship(
                    relationship.number("sentiment", 0, -1, 1),
                    relationship.probability("familiarity", 0),
                    relationship.probability("trust", DEFAULT_TRUST),
                    relationship.strings("notes", TextLimit.TEXT));
            relationship.finish();
            if (keyProblem == null) {
                relationships.put(counterpart, seed);
            }
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
        String content = contentValue == null ? null : event.asString(contentValue, TextLimit.LONG_TEXT);
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
        String text = event.asString(value, TextLimit.LABEL);
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
                                "must be an ISO-8601 timestamp like 2025-01-31T09:00:00Z, not "
                                        + PersonaProblem.quote(text));
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
                content.integer("max_thread_length", DEFAULT_MAX_THREAD_LENGTH, 1, MAX_THREAD_LENGTH),
                content.integer("typical_post_length", DEFAULT_TYPICAL_POST_LENGTH, 1, MAX_POST_LENGTH),
                content.optionalInteger("max_post_length", 1, MAX_POST_LENGTH),
                content.probability("link_sharing_frequency", DEFAULT_LINK_SHARING_FREQUENCY));
        content.finish();
        Map<String, Object> trading = block(root, behaviour, "trading_behavior");
        Map<String, Object> solana = block(root, behaviour, "solana_integration");
        Map<String, Object> agentKit = block(root, behaviour, "agent_kit_integration");
        checkBlock(root, behaviour, "solana_integration", TradingBlocks::checkSwitch);
        if (TradingBlocks.tradingEnabled(solana)) {
            checkBlock(root, behaviour, "trading_behavior", TradingBlocks::checkTradingBehavior);
            checkBlock(root, behaviour, "solana_integration", TradingBlocks::checkSolanaIntegration);
            checkBlock(root, behaviour, "agent_kit_integration", TradingBlocks::checkAgentKitIntegration);
        }
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

    /** Locates wrong values of the keys the engine reads in the trading block that {@link #block} used. */
    private static void checkBlock(Section root, Section behaviour, String key, Consumer<Section> check) {
        Section.Value nested = behaviour.value(key);
        Section.Value used =
                nested != null && nested.node().isObject() && !nested.node().isEmpty() ? nested : root.value(key);
        if (used != null && used.node().isObject()) {
            check.accept(Section.of(root.reading(), used.node(), used.pointer()));
        }
    }

    private static PostFrequency readPostFrequency(Section section) {
        Double min = section.optionalNumber("min_hours_between_posts", 0, MAX_HOURS);
        Section.Value maxValue = section.value("max_hours_between_posts");
        Double max = section.asNumber(maxValue, 0, MAX_HOURS);
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
            } else if (section.withinItems(peak, HOURS_PER_DAY)) {
                int index = 0;
                for (JsonNode hour : peak.node().values()) {
                    String hourPointer = peak.pointer() + "/" + index++;
                    if (hour.isIntegralNumber()
                            && hour.canConvertToInt()
                            && hour.intValue() >= 0
                            && hour.intValue() <= 23) {
                        peakHours.add(hour.intValue());
                    } else {
                        section.reading()
                                .error(
                                        hourPointer,
                                        "must be an hour from 0 to 23, not "
                                                + (hour.isNumber()
                                                        ? Section.numberText(hour)
                                                        : Section.describe(hour)));
                    }
                }
            }
        }
        Section.Value zoneValue = section.value("timezone");
        String zoneText = section.asString(zoneValue, TextLimit.IDENTIFIER);
        ZoneId zone = ZoneId.of("UTC");
        if (zoneText != null && zoneValue != null) {
            try {
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException unknown) {
                section.reading()
                        .error(
                                zoneValue.pointer(),
                                "unknown timezone " + PersonaProblem.quote(zoneText)
                                        + " (use a name like Europe/Berlin)");
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
                section.strings("banned_phrases", TextLimit.TEXT),
                section.strings("discouraged_openings", TextLimit.TEXT),
                section.integer("max_regenerations", DEFAULT_MAX_REGENERATIONS, 0, MAX_REGENERATIONS));
        section.finish();
        return postProcessing;
    }

    private static Examples readExamples(Section section) {
        List<String> posts = section.strings("posts", TextLimit.TEXT);
        List<List<ExampleMessage>> conversations = new ArrayList<>();
        Section.Value value = section.value("conversations");
        if (value != null) {
            if (!value.node().isArray()) {
                section.reading()
                        .error(
                                value.pointer(),
                                "must be a list of conversations, not " + Section.describe(value.node()));
            } else if (section.withinItems(value, MAX_CONVERSATIONS)) {
                int index = 0;
                for (JsonNode conversation : value.node().values()) {
                    String conversationPointer = value.pointer() + "/" + index++;
                    if (!conversation.isArray()) {
                        section.reading().error(conversationPointer, "must be a list of {speaker, text} messages");
                        continue;
                    }
                    if (!section.withinItems(new Section.Value(conversation, conversationPointer), MAX_MESSAGES)) {
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
                        String speaker = requiredString(
                                messageSection, messageSection.value("speaker"), "speaker", TextLimit.NAME);
                        String text = requiredString(
                                messageSection, messageSection.value("text"), "text", TextLimit.LONG_TEXT);
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
