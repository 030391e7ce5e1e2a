package dev.puppetengine.agent;

import dev.puppetengine.llm.PromptInputs;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.social.Post;
import java.util.List;
import java.util.Objects;

/**
 * Writes the text of a persona's next post or reply, already checked against its output policy. The same seed gives
 * the same text from a deterministic model. A text that cannot be made compliant is {@link Skipped}, never returned.
 */
public interface PostWriter {

    /** A new original post; {@code recentPosts} are the persona's own last posts, newest first. */
    Written writePost(PersonaSpec persona, Mood mood, List<String> recentPosts, long seed);

    /**
     * A new original post about {@code topic} (news, an event); a writer that cannot take a topic writes its usual
     * post.
     */
    default Written writePostAbout(PersonaSpec persona, Mood mood, String topic, List<String> recentPosts, long seed) {
        return writePost(persona, mood, recentPosts, seed);
    }

    /** A reply to {@code context.post()}: a mention of the persona, or a post it chose to answer. */
    Written writeReply(PersonaSpec persona, Mood mood, ReplyContext context, List<String> recentPosts, long seed);

    /** The comment of a quote of {@code post}. */
    Written writeQuote(PersonaSpec persona, Mood mood, ReplyContext context, List<String> recentPosts, long seed);

    /**
     * What a reply or quote answers: the post, the thread above it (oldest first, names only, own posts marked) and
     * the counterpart's id in relationships (another persona's id, or {@code x:<user id>}).
     */
    record ReplyContext(Post post, List<PromptInputs.Turn> thread, String counterpartId) {
        public ReplyContext {
            Objects.requireNonNull(post);
            thread = List.copyOf(thread);
            Objects.requireNonNull(counterpartId);
        }

        /** A post answered with no thread known and its author as an X user. */
        public static ReplyContext of(Post post) {
            return new ReplyContext(post, List.of(), "x:" + post.authorId());
        }
    }

    /** The seed that {@code key} (an outbox idempotency key) writes with: the same cause, the same text. */
    static long seedOf(String key) {
        long hash = 1125899906842597L;
        for (int i = 0; i < key.length(); i++) {
            hash = 31 * hash + key.charAt(i);
        }
        return hash;
    }

    /** The outcome: a text to post, or why there is none. */
    sealed interface Written permits Text, Skipped {}

    record Text(String text) implements Written {
        public Text {
            if (text.isBlank()) {
                throw new IllegalArgumentException("a written post needs text");
            }
        }
    }

    record Skipped(String reason) implements Written {
        public Skipped {
            Objects.requireNonNull(reason);
        }
    }
}
