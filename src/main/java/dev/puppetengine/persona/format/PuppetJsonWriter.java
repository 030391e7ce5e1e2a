package dev.puppetengine.persona.format;

import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.Behaviour;
import dev.puppetengine.persona.PersonaSpec.ContentPreferences;
import dev.puppetengine.persona.PersonaSpec.ExampleMessage;
import dev.puppetengine.persona.PersonaSpec.Formatting;
import dev.puppetengine.persona.PersonaSpec.InitialMemory;
import dev.puppetengine.persona.PersonaSpec.LlmConfig;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import dev.puppetengine.persona.PersonaSpec.OAuth2Credentials;
import dev.puppetengine.persona.PersonaSpec.PostFrequency;
import dev.puppetengine.persona.PersonaSpec.PostProcessing;
import dev.puppetengine.persona.PersonaSpec.SeedEvent;
import dev.puppetengine.persona.PersonaSpec.SeedRelationship;
import dev.puppetengine.persona.PersonaSpec.StyleGuide;
import dev.puppetengine.persona.Secret;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a {@link PersonaSpec} in the original Puppet Engine format (snake_case, {@code twitter_credentials} in
 * camelCase), so that reading the result gives an equal spec. Secrets are written as their source: the
 * {@code ${ENV_VAR}} reference (or the literal the file held). Empty lists, empty blocks and unset optional values
 * are left out; every other value is written, defaults included.
 */
final class PuppetJsonWriter {

    /** Keys of the free-form blocks whose literal values are secrets (wallet keys, API keys). */
    private final JsonMapper mapper;

    PuppetJsonWriter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** Secrets are written as the file had them: the {@code ${ENV}} reference, or the literal. */
    private static String secret(Secret secret) {
        return secret.source();
    }

    ObjectNode write(PersonaSpec persona) {
        ObjectNode root = mapper.createObjectNode();
        root.put("id", persona.id().value());
        root.put("name", persona.name());
        root.put("description", persona.description());
        root.put("llm_provider", persona.llmProvider());
        ObjectNode llmConfig = llmConfig(persona.llmConfig());
        if (!llmConfig.isEmpty()) {
            root.set("llm_config", llmConfig);
        }
        switch (persona.twitterCredentials()) {
            case OAuth1Credentials oauth1 -> {
                ObjectNode credentials = root.putObject("twitter_credentials");
                credentials.put("apiKey", secret(oauth1.apiKey()));
                credentials.put("apiKeySecret", secret(oauth1.apiKeySecret()));
                credentials.put("accessToken", secret(oauth1.accessToken()));
                credentials.put("accessTokenSecret", secret(oauth1.accessTokenSecret()));
            }
            case OAuth2Credentials oauth2 -> {
                ObjectNode credentials = root.putObject("twitter_credentials");
                credentials.put("client_id", oauth2.clientId());
                credentials.put("refresh_token", secret(oauth2.refreshToken()));
            }
            case null -> {}
        }
        if (persona.customSystemPrompt() != null) {
            root.put("custom_system_prompt", persona.customSystemPrompt());
        }
        strings(root, "rotating_system_prompts", persona.rotatingSystemPrompts());
        ObjectNode personality = root.putObject("personality");
        strings(personality, "traits", persona.personality().traits());
        strings(personality, "values", persona.personality().values());
        personality.put("speaking_style", persona.personality().speakingStyle());
        strings(personality, "interests", persona.personality().interests());
        root.set("style_guide", styleGuide(persona.styleGuide()));
        ObjectNode initialMemory = initialMemory(persona.initialMemory());
        if (!initialMemory.isEmpty()) {
            root.set("initial_memory", initialMemory);
        }
        root.set("behavior", behaviour(persona.behaviour()));
        block(root, "solana_integration", persona.behaviour().solanaIntegration());
        block(root, "agent_kit_integration", persona.behaviour().agentKitIntegration());
        root.set("post_processing", postProcessing(persona.postProcessing()));
        ObjectNode examples = mapper.createObjectNode();
        strings(examples, "posts", persona.examples().posts());
        if (!persona.examples().conversations().isEmpty()) {
            ArrayNode conversations = examples.putArray("conversations");
            for (List<ExampleMessage> conversation : persona.examples().conversations()) {
                ArrayNode messages = conversations.addArray();
                for (ExampleMessage message : conversation) {
                    messages.addObject().put("speaker", message.speaker()).put("text", message.text());
                }
            }
        }
        if (!examples.isEmpty()) {
            root.set("examples", examples);
        }
        root.put("is_active", persona.active());
        if (persona.approval() != PersonaSpec.Approval.OFF) {
            root.put("approval", persona.approval().wireName());
        }
        return root;
    }

    private ObjectNode llmConfig(LlmConfig config) {
        ObjectNode node = mapper.createObjectNode();
        if (config.model() != null) {
            node.put("model", config.model());
        }
        if (config.temperature() != null) {
            node.put("temperature", config.temperature());
        }
        if (config.maxTokens() != null) {
            node.put("max_tokens", config.maxTokens());
        }
        if (config.topP() != null) {
            node.put("top_p", config.topP());
        }
        if (config.frequencyPenalty() != null) {
            node.put("frequency_penalty", config.frequencyPenalty());
        }
        if (config.presencePenalty() != null) {
            node.put("presence_penalty", config.presencePenalty());
        }
        return node;
    }

    private ObjectNode styleGuide(StyleGuide styleGuide) {
        ObjectNode node = mapper.createObjectNode();
        node.put("voice", styleGuide.voice());
        node.put("tone", styleGuide.tone());
        Formatting formatting = styleGuide.formatting();
        node.putObject("formatting")
                .put("uses_hashtags", formatting.usesHashtags())
                .put("hashtag_style", formatting.hashtagStyle())
                .put("uses_emojis", formatting.usesEmojis())
                .put("emoji_frequency", formatting.emojiFrequency())
                .put("capitalization", formatting.capitalization())
                .put("sentence_length", formatting.sentenceLength())
                .put("avoid_hyphens", formatting.avoidHyphens());
        ObjectNode vocabulary = mapper.createObjectNode();
        strings(vocabulary, "key_terms", styleGuide.vocabulary().keyTerms());
        strings(vocabulary, "avoid_terms", styleGuide.vocabulary().avoidTerms());
        if (!vocabulary.isEmpty()) {
            node.set("vocabulary", vocabulary);
        }
        strings(node, "topics_to_avoid", styleGuide.topicsToAvoid());
        strings(node, "rules", styleGuide.rules());
        strings(node, "post_rules", styleGuide.postRules());
        strings(node, "chat_rules", styleGuide.chatRules());
        return node;
    }

    private ObjectNode initialMemory(InitialMemory memory) {
        ObjectNode node = mapper.createObjectNode();
        strings(node, "core_memories", memory.coreMemories());
        if (!memory.recentEvents().isEmpty()) {
            ArrayNode events = node.putArray("recent_events");
            for (SeedEvent event : memory.recentEvents()) {
                if (event.timestamp() == null && event.importance() == PuppetJsonFormat.DEFAULT_EVENT_IMPORTANCE) {
                    events.add(event.content());
                } else {
                    ObjectNode eventNode = events.addObject().put("content", event.content());
                    if (event.timestamp() != null) {
                        eventNode.put("timestamp", event.timestamp().toString());
                    }
                    eventNode.put("importance", event.importance());
                }
            }
        }
        if (!memory.relationships().isEmpty()) {
            ObjectNode relationships = node.putObject("relationships");
            for (Map.Entry<String, SeedRelationship> entry : new TreeMap<>(memory.relationships()).entrySet()) {
                SeedRelationship relationship = entry.getValue();
                ObjectNode relationshipNode = relationships
                        .putObject(entry.getKey())
                        .put("sentiment", relationship.sentiment())
                        .put("familiarity", relationship.familiarity())
                        .put("trust", relationship.trust());
                strings(relationshipNode, "notes", relationship.notes());
            }
        }
        return node;
    }

    private ObjectNode behaviour(Behaviour behaviour) {
        ObjectNode node = mapper.createObjectNode();
        PostFrequency frequency = behaviour.postFrequency();
        ObjectNode frequencyNode = node.putObject("post_frequency");
        hours(frequencyNode, "min_hours_between_posts", frequency.minHoursBetweenPosts());
        hours(frequencyNode, "max_hours_between_posts", frequency.maxHoursBetweenPosts());
        ArrayNode peak = frequencyNode.putArray("peak_posting_hours");
        frequency.peakPostingHours().forEach(peak::add);
        frequencyNode.put("timezone", frequency.timezone().getId());
        node.putObject("interaction_patterns")
                .put("reply_probability", behaviour.interactionPatterns().replyProbability())
                .put("quote_tweet_probability", behaviour.interactionPatterns().quoteTweetProbability())
                .put("like_probability", behaviour.interactionPatterns().likeProbability());
        ContentPreferences content = behaviour.contentPreferences();
        ObjectNode contentNode = node.putObject("content_preferences")
                .put("max_thread_length", content.maxThreadLength())
                .put("typical_post_length", content.typicalPostLength());
        if (content.maxPostLength() != null) {
            contentNode.put("max_post_length", content.maxPostLength());
        }
        contentNode.put("link_sharing_frequency", content.linkSharingFrequency());
        block(node, "trading_behavior", behaviour.tradingBehavior());
        return node;
    }

    private ObjectNode postProcessing(PostProcessing postProcessing) {
        ObjectNode node = mapper.createObjectNode()
                .put("force_lowercase", postProcessing.forceLowercase())
                .put("strip_hashtags", postProcessing.stripHashtags())
                .put("strip_emojis", postProcessing.stripEmojis());
        strings(node, "banned_phrases", postProcessing.bannedPhrases());
        strings(node, "discouraged_openings", postProcessing.discouragedOpenings());
        node.put("max_regenerations", postProcessing.maxRegenerations());
        return node;
    }

    private static void hours(ObjectNode node, String key, double hours) {
        if (hours == Math.rint(hours) && Math.abs(hours) < Long.MAX_VALUE) {
            node.put(key, (long) hours);
        } else {
            node.put(key, hours);
        }
    }

    private static void strings(ObjectNode node, String key, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(key);
            values.forEach(array::add);
        }
    }

    private void block(ObjectNode node, String key, Map<String, Object> block) {
        if (!block.isEmpty()) {
            node.set(key, plain(new TreeMap<>(block)));
        }
    }

    private JsonNode plain(@Nullable Object value) {
        return switch (value) {
            case null -> mapper.getNodeFactory().nullNode();
            case Map<?, ?> map -> {
                ObjectNode object = mapper.createObjectNode();
                map.forEach((key, entry) -> object.set(String.valueOf(key), plain(entry)));
                yield object;
            }
            case List<?> list -> {
                ArrayNode array = mapper.createArrayNode();
                list.forEach(element -> array.add(plain(element)));
                yield array;
            }
            case Boolean bool -> mapper.getNodeFactory().booleanNode(bool);
            case Long number -> mapper.getNodeFactory().numberNode(number);
            case Integer number -> mapper.getNodeFactory().numberNode(number);
            case BigInteger number -> mapper.getNodeFactory().numberNode(number);
            case BigDecimal number -> mapper.getNodeFactory().numberNode(number);
            case Number number -> mapper.getNodeFactory().numberNode(number.doubleValue());
            default -> mapper.getNodeFactory().stringNode(value.toString());
        };
    }
}
