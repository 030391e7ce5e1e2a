package dev.puppetengine.agent;

import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.ComposedPrompt;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.llm.PromptInputs;
import dev.puppetengine.memory.Memory;
import dev.puppetengine.memory.MemoryKind;
import dev.puppetengine.memory.Recall;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.Post;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Gathers what a prompt carries (DESIGN §5.3) — mood in words, recalled memories, the relationship with the author
 * being answered, the conversation, the persona's recent posts — and composes it. The engine and
 * {@code GET /api/agents/{id}/context} both use it, so the context shown is the prompt that is sent. Thread-safe.
 */
public final class PostPrompts {

    /** How many of its own recent posts a persona's prompt and output policy see (DESIGN §5.4). */
    public static final int RECENT_POSTS = 50;

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

    /** The persona's own posted texts, newest first. */
    public List<String> recentPosts(PersonaId personaId) {
        return outbox.list(personaId, OutboxStatus.POSTED, RECENT_POSTS).stream()
                .map(OutboxItem::text)
                .toList();
    }

    /** The prompt the persona's next new post would be composed from now: its stored mood and recent posts. */
    public ComposedPrompt previewNewPost(PersonaSpec persona) {
        Mood mood = states.find(persona.id()).map(PersonaState::mood).orElse(Mood.START);
        return forNewPost(
                persona, mood, recentPosts(persona.id()), persona.id().value().hashCode());
    }

    /** The prompt of a new original post. */
    public ComposedPrompt forNewPost(PersonaSpec persona, Mood mood, List<String> recentPosts, long seed) {
        String query = persona.personality().interests().isEmpty()
                ? persona.description()
                : String.join(", ", persona.personality().interests());
        var inputs = PromptInputs.newPost(moodWords(mood), recalled(persona.id(), query), recentPosts);
        return composer.compose(persona, inputs, seed);
    }

    /** The prompt of a reply to {@code mention}. */
    public ComposedPrompt forReply(PersonaSpec persona, Mood mood, Post mention, List<String> recentPosts, long seed) {
        String speaker = mention.authorUsername() == null ? "them" : mention.authorUsername();
        var inputs = new PromptInputs(
                CallType.REPLY,
                moodWords(mood),
                recalled(persona.id(), mention.text()),
                relationshipWords(persona.id(), mention).orElse(null),
                List.of(new PromptInputs.Turn(speaker, mention.text(), false)),
                recentPosts,
                null,
                mention.text());
        return composer.compose(persona, inputs, seed);
    }

    /** Recalled non-core memories: core memories already stand in their own, stable section. */
    private List<String> recalled(PersonaId personaId, String query) {
        return recall.recall(personaId, query).stream()
                .filter(memory -> memory.kind() != MemoryKind.CORE)
                .map(Memory::content)
                .toList();
    }

    private Optional<String> relationshipWords(PersonaId personaId, Post mention) {
        @Nullable String username = mention.authorUsername();
        Optional<Relationship> relationship = states.findRelationship(personaId, "x:" + mention.authorId());
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
