package dev.puppetengine.social;

import dev.puppetengine.shared.ExternalServiceException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One persona's view of a social network (DESIGN §6.1): the X API v2 in live mode, the sandbox network otherwise —
 * both through the same X client. Each instance acts as one persona's account. Remote failures are
 * {@code ExternalServiceException}s; outgoing actions are called by the outbox only.
 */
public interface SocialNetwork {

    /** The account this instance acts as. */
    Account me();

    /** Publishes a post, optionally as a reply or a quote; returns the published post. */
    Post post(String text, @Nullable String replyToId, @Nullable String quoteOfId);

    void delete(String postId);

    void like(String postId);

    /** Posts that mention this account, newer than {@code sinceId} (all recent ones when null), oldest first. */
    List<Post> mentions(@Nullable String sinceId);

    Optional<Post> find(String postId);

    /** Posts of a conversation, oldest first. */
    List<Post> conversation(String conversationId);

    /** A user's most recent posts, newest first. */
    List<Post> recentPosts(String userId);

    /**
     * Recent posts matching an X recent-search {@code query}, newer than {@code sinceId} (the last 7 days when null),
     * oldest first, each with the usernames it addresses. Networks without a search fail permanently.
     */
    default List<Found> search(String query, @Nullable String sinceId) {
        throw new ExternalServiceException.InvalidRequest("social network", "this network has no search", null);
    }

    /**
     * A post a search found and the usernames it addresses, lower case: the ones it {@code @}mentions, and the authors
     * of the posts it replies to or quotes (as X counts mentions).
     */
    record Found(Post post, Set<String> addressed) {
        public Found {
            addressed = Set.copyOf(addressed);
        }
    }
}
