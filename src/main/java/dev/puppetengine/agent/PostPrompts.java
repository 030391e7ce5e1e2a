package dev.puppetengine.agent;

import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.ComposedPrompt;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.llm.PromptInputs;
import dev.puppetengine.llm.TradeBrief;
import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.Post;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Gathers what a prompt carries (DESIGN §5.3) — mood in words, recalled memories, the relationship with the author
 * being answered, the conversation, the persona's recent posts — and composes it. The engine and
 * {@code GET /api/agents/{id}/context} both use it, so the context shown is the prompt that is sent: the rotating
 * system prompt of a new post is chosen by the persona id and its stored next post time, that of a reply by the
 * mention's id, so a preview and the call it previews pick the same one. A reply prompt names no other user: the
 * author is "the person who wrote to you", and @handles in the text lose their {@code @} (the persona's own is
 * dropped), so the model has none to copy. Thread-safe.
 */
public final class PostPrompts {

    /** How many of its own recent posts a persona's prompt and output policy see (DESIGN §5.4). */
    public static final int RECENT_POSTS = 50;

    /** How the author of a message being answered is named in a prompt. */
    static final String AUTHOR = "The person who wrote to you";

    private static final Pattern HANDLE = Pattern.compile("(?<![\\p{Alnum}_])[@＠]([A-Za-z0-9_]+)");

    private final PromptComposer composer;
    private final Recall recall;
    private final PersonaStateStore states;
    private final Outbox outbox;

    public PostPrompts(PromptComposer composer, Recall recall, PersonaStateStore states, Outbox outbox) {
        this.composer = composer;
        this.recall = recall;
        this.states = states;
        this.outbox = outbox;
    }

    /** A preview of the next new post's prompt, and the stored next post time that chose its rotating prompt. */
    public record Preview(ComposedPrompt prompt, @Nullable Instant nextPostAt) {}

    /** The persona's own posted texts, newest first. */
    public List<String> recentPosts(PersonaId personaId) {
        return outbox.list(personaId, OutboxStatus.POSTED, RECENT_POSTS).stream()
                .map(OutboxItem::text)
                .toList();
    }

    /** The prompt the persona's next new post would be composed from now: its stored mood and recent posts. */
    public Preview previewNewPost(PersonaSpec persona) {
        Optional<PersonaState> state = states.find(persona.id());
        Mood mood = state.map(PersonaState::mood).orElse(Mood.START);
        return new Preview(
                forNewPost(persona, mood, recentPosts(persona.id())),
                state.map(PersonaState::nextPostAt).orElse(null));
    }

    /** The prompt of a new original post, for the slot stored as the persona's next post time. */
    public ComposedPrompt forNewPost(PersonaSpec persona, Mood mood, List<String> recentPosts) {
        return forNewPost(persona, mood, recentPosts, null);
    }

    /** The prompt of a new original post about {@code topic} (news, an event) when there is one. */
    public ComposedPrompt forNewPost(PersonaSpec persona, Mood mood, List<String> recentPosts, @Nullable String topic) {
        String query = topic != null
                ? topic
                : persona.personality().interests().isEmpty()
                        ? persona.description()
                        : String.join(", ", persona.personality().interests());
        var inputs = new PromptInputs(
                CallType.NEW_POST,
                moodWords(mood),
                recalled(persona.id(), query),
                null,
                List.of(),
                recentPosts,
                topic,
                null);
        @Nullable
        Instant slot = states.find(persona.id()).map(PersonaState::nextPostAt).orElse(null);
        return composer.compose(
                persona, inputs, seedOf("post:" + persona.id() + ":" + (slot == null ? "" : slot.toEpochMilli())));
    }

    /**
     * The prompt of a reply to {@code mention}: the thread above it ({@code thread}, oldest first, names only), and the
     * relationship with {@code counterpartId} (another persona's id, or {@code x:<user id>}) in words.
     */
    public ComposedPrompt forReply(
            PersonaSpec persona,
            Mood mood,
            Post mention,
            List<PromptInputs.Turn> thread,
            @Nullable String counterpartId,
            List<String> recentPosts) {
        String text = withoutHandles(mention.text(), ownHandles(persona));
        var inputs = new PromptInputs(
                CallType.REPLY,
                moodWords(mood),
                recalled(persona.id(), text),
                relationshipWords(persona.id(), mention, counterpartId).orElse(null),
                thread,
                recentPosts,
                null,
                text);
        return composer.compose(persona, inputs, seedOf("reply:" + persona.id() + ":" + mention.id()));
    }

    /** The prompt of the comment of a quote of {@code post} (DESIGN §4.5). */
    public ComposedPrompt forQuote(
            PersonaSpec persona, Mood mood, Post post, @Nullable String counterpartId, List<String> recentPosts) {
        String text = withoutHandles(post.text(), ownHandles(persona));
        var inputs = new PromptInputs(
                CallType.QUOTE,
                moodWords(mood),
                recalled(persona.id(), text),
                relationshipWords(persona.id(), post, counterpartId).orElse(null),
                List.of(),
                recentPosts,
                null,
                text);
        return composer.compose(persona, inputs, seedOf("quote:" + persona.id() + ":" + post.id()));
    }

    /**
     * The prompt of a reaction decision about {@code post}, a post that did not mention the persona; {@code why} says
     * how the persona came to read it (an interaction prompt's topic, a followed persona).
     */
    public ComposedPrompt forReaction(
            PersonaSpec persona, Mood mood, Post post, @Nullable String counterpartId, String why) {
        String text = withoutHandles(post.text(), ownHandles(persona));
        var inputs = new PromptInputs(
                CallType.REACTION_DECISION,
                moodWords(mood),
                recalled(persona.id(), text),
                relationshipWords(persona.id(), post, counterpartId).orElse(null),
                List.of(),
                List.of(),
                why.isBlank() ? null : withoutHandles(why, ownHandles(persona)),
                text);
        return composer.compose(persona, inputs, seedOf("reaction:" + persona.id() + ":" + post.id()));
    }

    /**
     * The prompt of a trade decision (DESIGN §7): the persona, its mood and the {@code brief} (its SOL, holdings,
     * candidates, limits, recent trades) — no memories, conversation or posts, so nothing a stranger wrote (a mention,
     * an event) reaches it. {@code key} is the slot's idempotency key.
     */
    public ComposedPrompt forTradeDecision(PersonaSpec persona, Mood mood, TradeBrief brief, String key) {
        var inputs = new PromptInputs(
                CallType.TRADE_DECISION,
                moodWords(mood),
                List.of(),
                null,
                List.of(),
                List.of(),
                null,
                String.join("\n", brief.lines()));
        return composer.compose(persona, inputs, seedOf(key));
    }

    /**
     * The prompt of a relationship update after an exchange: {@code exchange} holds what they said and what the
     * persona answered (names only), {@code relationship} how it stood before, in words.
     */
    public ComposedPrompt forRelationshipUpdate(
            PersonaSpec persona,
            Mood mood,
            @Nullable Relationship relationship,
            List<PromptInputs.Turn> exchange,
            String theirText,
            String key) {
        var inputs = new PromptInputs(
                CallType.RELATIONSHIP_UPDATE,
                moodWords(mood),
                List.of(),
                relationship == null ? "You have not met them before." : relationshipWords(relationship),
                exchange,
                List.of(),
                null,
                withoutHandles(theirText, ownHandles(persona)));
        return composer.compose(persona, inputs, seedOf("relationship:" + key));
    }

    /**
     * {@code text} with no @handle left: the persona's own ({@code ownHandles}, any case) removed, every other one
     * written without its {@code @}.
     */
    static String withoutHandles(String text, Set<String> ownHandles) {
        Matcher matcher = HANDLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String handle = matcher.group(1).toLowerCase(Locale.ROOT);
            matcher.appendReplacement(
                    result, ownHandles.contains(handle) ? "" : Matcher.quoteReplacement(matcher.group(1)));
        }
        matcher.appendTail(result);
        return result.toString().replaceAll("[ \\t]{2,}", " ").strip();
    }

    /** The handles a persona goes by: its id as the sandbox spells it, and its name without spaces. */
    static Set<String> ownHandles(PersonaSpec persona) {
        String id = persona.id().value().toLowerCase(Locale.ROOT);
        return Stream.of(
                        id,
                        id.replace('-', '_'),
                        id.replace("-", ""),
                        persona.name().replaceAll("\\s+", "").toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    static long seedOf(String key) {
        long hash = 1125899906842597L;
        for (int i = 0; i < key.length(); i++) {
            hash = 31 * hash + key.charAt(i);
        }
        return hash;
    }

    /** Recalled non-core memories: core memories already stand in their own, stable section. */
    private List<String> recalled(PersonaId personaId, String query) {
        return recall.recall(personaId, query).stream()
                .filter(memory -> memory.kind() != MemoryKind.CORE)
                .map(Memory::content)
                .toList();
    }

    private Optional<String> relationshipWords(PersonaId personaId, Post post, @Nullable String counterpartId) {
        Optional<Relationship> relationship =
                counterpartId == null ? Optional.empty() : states.findRelationship(personaId, counterpartId);
        if (relationship.isEmpty()) {
            relationship = states.findRelationship(personaId, "x:" + post.authorId());
        }
        @Nullable String username = post.authorUsername();
        if (relationship.isEmpty() && username != null) {
            relationship = states.findRelationship(personaId, username.replace('_', '-'));
        }
        return relationship.map(PostPrompts::relationshipWords);
    }

    static String relationshipWords(Relationship relationship) {
        String familiarity = relationship.familiarity() > 0.6
                ? "You know them well"
                : relationship.familiarity() > 0.2 ? "You know them a little" : "You barely know them";
        String sentiment = relationship.sentiment() > 0.3
                ? "you like them"
                : relationship.sentiment() < -0.3 ? "you are wary of them" : "you feel neutral about them";
        String trust = relationship.trust() > 0.6
                ? "and trust them"
                : relationship.trust() < 0.3 ? "and do not trust them" : "and half trust them";
        return familiarity + "; " + sentiment + " " + trust + ".";
    }

    /** The mood in words, never numbers (DESIGN §4.2). */
    static String moodWords(Mood mood) {
        String energy = mood.arousal() > 0.6 ? "restless" : mood.arousal() > 0.3 ? "alert" : "calm";
        String feeling = mood.valence() > 0.3 ? "upbeat" : mood.valence() < -0.3 ? "low" : "even";
        String stance = mood.dominance() > 0.7 ? "assertive" : mood.dominance() < 0.3 ? "hesitant" : "steady";
        return energy + ", " + feeling + " and " + stance;
    }
}
