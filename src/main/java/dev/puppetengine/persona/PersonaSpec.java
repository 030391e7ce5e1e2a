package dev.puppetengine.persona;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A persona as configured in its file (DESIGN §4.1): immutable, complete, defaults applied. Runtime state (mood,
 * relationships, memories) lives elsewhere. Field names follow the original Puppet Engine format; {@code approval} is
 * which outgoing posts wait for a human (issue 12).
 */
public record PersonaSpec(
        PersonaId id,
        String name,
        String description,
        String llmProvider,
        LlmConfig llmConfig,
        @Nullable TwitterCredentials twitterCredentials,
        @Nullable String customSystemPrompt,
        List<String> rotatingSystemPrompts,
        Personality personality,
        StyleGuide styleGuide,
        InitialMemory initialMemory,
        Behaviour behaviour,
        PostProcessing postProcessing,
        Examples examples,
        boolean active,
        Approval approval) {

    public PersonaSpec {
        Objects.requireNonNull(id);
        Objects.requireNonNull(approval);
        rotatingSystemPrompts = List.copyOf(rotatingSystemPrompts);
    }

    /** A persona whose posts never wait for approval ({@link Approval#OFF}). */
    public PersonaSpec(
            PersonaId id,
            String name,
            String description,
            String llmProvider,
            LlmConfig llmConfig,
            @Nullable TwitterCredentials twitterCredentials,
            @Nullable String customSystemPrompt,
            List<String> rotatingSystemPrompts,
            Personality personality,
            StyleGuide styleGuide,
            InitialMemory initialMemory,
            Behaviour behaviour,
            PostProcessing postProcessing,
            Examples examples,
            boolean active) {
        this(
                id,
                name,
                description,
                llmProvider,
                llmConfig,
                twitterCredentials,
                customSystemPrompt,
                rotatingSystemPrompts,
                personality,
                styleGuide,
                initialMemory,
                behaviour,
                postProcessing,
                examples,
                active,
                Approval.OFF);
    }

    /**
     * The persona file's {@code approval} key: {@code off} (the default) sends every post as drafted, {@code replies}
     * makes replies and quotes wait for a human, {@code all} every outgoing post (likes never wait).
     */
    public enum Approval {
        OFF,
        REPLIES,
        ALL;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The approval mode named {@code name} exactly ({@code off}, {@code replies}, {@code all}), if it is one. */
        public static java.util.Optional<Approval> fromWireName(String name) {
            for (Approval approval : values()) {
                if (approval.wireName().equals(name)) {
                    return java.util.Optional.of(approval);
                }
            }
            return java.util.Optional.empty();
        }

        /** The wire names, for messages. */
        public static List<String> wireNames() {
            return java.util.Arrays.stream(values()).map(Approval::wireName).toList();
        }
    }

    public PersonaSpec withActive(boolean newActive) {
        return new PersonaSpec(
                id,
                name,
                description,
                llmProvider,
                llmConfig,
                twitterCredentials,
                customSystemPrompt,
                rotatingSystemPrompts,
                personality,
                styleGuide,
                initialMemory,
                behaviour,
                postProcessing,
                examples,
                newActive,
                approval);
    }

    /** Per-persona model overrides; a null field means "use the call type's default" (DESIGN §5.2). */
    public record LlmConfig(
            @Nullable String model,
            @Nullable Double temperature,
            @Nullable Integer maxTokens,
            @Nullable Double topP,
            @Nullable Double frequencyPenalty,
            @Nullable Double presencePenalty) {
        public static final LlmConfig NONE = new LlmConfig(null, null, null, null, null, null);
    }

    /** X identity of the persona: OAuth 1.0a user context or OAuth 2.0 with a refresh token. */
    public sealed interface TwitterCredentials permits OAuth1Credentials, OAuth2Credentials {}

    public record OAuth1Credentials(Secret apiKey, Secret apiKeySecret, Secret accessToken, Secret accessTokenSecret)
            implements TwitterCredentials {}

    public record OAuth2Credentials(String clientId, Secret refreshToken) implements TwitterCredentials {}

    public record Personality(List<String> traits, List<String> values, String speakingStyle, List<String> interests) {
        public Personality {
            traits = List.copyOf(traits);
            values = List.copyOf(values);
            interests = List.copyOf(interests);
        }
    }

    /**
     * Style rules that are both prompted and enforced (DESIGN §5.4). {@code rules}, {@code postRules} and
     * {@code chatRules} hold free-text guidance (ElizaOS {@code style.all|post|chat}).
     */
    public record StyleGuide(
            String voice,
            String tone,
            Formatting formatting,
            Vocabulary vocabulary,
            List<String> topicsToAvoid,
            List<String> rules,
            List<String> postRules,
            List<String> chatRules) {
        public StyleGuide {
            topicsToAvoid = List.copyOf(topicsToAvoid);
            rules = List.copyOf(rules);
            postRules = List.copyOf(postRules);
            chatRules = List.copyOf(chatRules);
        }
    }

    public record Formatting(
            boolean usesHashtags,
            String hashtagStyle,
            boolean usesEmojis,
            String emojiFrequency,
            String capitalization,
            String sentenceLength,
            boolean avoidHyphens) {}

    public record Vocabulary(List<String> keyTerms, List<String> avoidTerms) {
        public Vocabulary {
            keyTerms = List.copyOf(keyTerms);
            avoidTerms = List.copyOf(avoidTerms);
        }
    }

    /** Seeded once into the persona's state, never overwritten on restart. */
    public record InitialMemory(
            List<String> coreMemories, List<SeedEvent> recentEvents, Map<String, SeedRelationship> relationships) {
        public InitialMemory {
            coreMemories = List.copyOf(coreMemories);
            recentEvents = List.copyOf(recentEvents);
            relationships = Map.copyOf(relationships);
        }
    }

    public record SeedEvent(String content, @Nullable Instant timestamp, double importance) {}

    public record SeedRelationship(double sentiment, double familiarity, double trust, List<String> notes) {
        public SeedRelationship {
            notes = List.copyOf(notes);
        }
    }

    /**
     * How the persona acts. The trading blocks (DESIGN §7) are kept as the file's JSON objects (maps of plain
     * values) until the Solana feature gives them types; they round-trip unchanged.
     */
    public record Behaviour(
            PostFrequency postFrequency,
            InteractionPatterns interactionPatterns,
            ContentPreferences contentPreferences,
            Map<String, Object> tradingBehavior,
            Map<String, Object> solanaIntegration,
            Map<String, Object> agentKitIntegration) {
        public Behaviour {
            tradingBehavior = Map.copyOf(tradingBehavior);
            solanaIntegration = Map.copyOf(solanaIntegration);
            agentKitIntegration = Map.copyOf(agentKitIntegration);
        }
    }

    /** DESIGN §4.3. Hours may be fractional. */
    public record PostFrequency(
            double minHoursBetweenPosts, double maxHoursBetweenPosts, List<Integer> peakPostingHours, ZoneId timezone) {
        public PostFrequency {
            peakPostingHours = List.copyOf(peakPostingHours);
        }
    }

    public record InteractionPatterns(double replyProbability, double quoteTweetProbability, double likeProbability) {}

    public record ContentPreferences(
            int maxThreadLength,
            int typicalPostLength,
            @Nullable Integer maxPostLength,
            double linkSharingFrequency) {}

    public record PostProcessing(
            boolean forceLowercase,
            boolean stripHashtags,
            boolean stripEmojis,
            List<String> bannedPhrases,
            List<String> discouragedOpenings,
            int maxRegenerations) {
        public PostProcessing {
            bannedPhrases = List.copyOf(bannedPhrases);
            discouragedOpenings = List.copyOf(discouragedOpenings);
        }
    }

    /** Few-shot material: example posts and example conversations (ElizaOS postExamples / messageExamples). */
    public record Examples(List<String> posts, List<List<ExampleMessage>> conversations) {
        public static final Examples NONE = new Examples(List.of(), List.of());

        public Examples {
            posts = List.copyOf(posts);
            conversations = conversations.stream().map(List::copyOf).toList();
        }
    }

    public record ExampleMessage(String speaker, String text) {}
}
