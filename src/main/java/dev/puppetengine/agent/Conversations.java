package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of conversations (DESIGN §4.5), shared by the mention and reaction steps: what a reply sees (the thread
 * and the counterpart), the turn cap between personas (a persona makes at most {@code turn-cap} replies in one
 * conversation with another persona, however likely its replies are, so two personas never talk forever), and the
 * relationship kept after each interaction.
 */
public final class Conversations {

    private final Cast cast;
    private final Threads threads;
    private final ConversationTurns turns;
    private final Relationships relationships;
    private final int turnCap;

    public Conversations(
            Cast cast, Threads threads, ConversationTurns turns, Relationships relationships, int turnCap) {
        this.cast = Objects.requireNonNull(cast);
        this.threads = Objects.requireNonNull(threads);
        this.turns = Objects.requireNonNull(turns);
        this.relationships = Objects.requireNonNull(relationships);
        if (turnCap < 1) {
            throw new IllegalArgumentException("turn cap must be at least 1: " + turnCap);
        }
        this.turnCap = turnCap;
    }

    public Cast cast() {
        return cast;
    }

    /** What a reply to or quote of {@code post} answers: the thread above it and the counterpart. */
    public PostWriter.ReplyContext contextOf(
            PersonaSpec persona, String ownAccountId, Post post, SocialNetwork network) {
        return new PostWriter.ReplyContext(
                post, threads.turnsAbove(persona, ownAccountId, post, network), cast.counterpartOf(post.authorId()));
    }

    /**
     * Why the persona must not reply to {@code post}: its author is another persona and the persona has made
     * {@code turn-cap} replies in that conversation already. Empty when it may reply.
     */
    public Optional<String> findCapReached(PersonaId personaId, Post post) {
        Optional<PersonaSpec> author = cast.findPersonaByAccount(post.authorId());
        if (author.isEmpty()) {
            return Optional.empty();
        }
        int made = turns.count(personaId, post.conversationId());
        return made < turnCap
                ? Optional.empty()
                : Optional.of("turn cap reached: " + made + " replies in this conversation with "
                        + author.get().name() + " (puppet.conversations.turn-cap = " + turnCap + ")");
    }

    /** Counts the persona's reply to {@code answered}; call in the transaction that stores the reply. */
    public void countReply(PersonaId personaId, Post answered) {
        turns.recordReply(personaId, answered.conversationId());
    }

    /** Remembers a post seen or sent in its conversation's cached thread. */
    public void remember(Post post) {
        threads.remember(post);
    }

    /**
     * Updates the relationship with the author of {@code post} after the persona {@code how} ("replied to",
     * "quoted") it with {@code ownText}; {@code key} names the interaction (the outbox key of the reply or quote).
     */
    public Optional<Relationship> afterInteraction(
            PersonaSpec persona, Post post, String how, String ownText, String key) {
        Optional<PersonaSpec> author = cast.findPersonaByAccount(post.authorId());
        String counterpartId = author.map(p -> p.id().value()).orElse("x:" + post.authorId());
        String name = author.map(PersonaSpec::name).orElse("someone");
        return relationships.afterInteraction(persona, counterpartId, name, how, post.text(), ownText, post.id(), key);
    }
}
