package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A persona's network that tells {@link PersonaHealth} how each call went; calls and failures pass unchanged. */
final class MonitoredNetwork implements SocialNetwork {

    private final SocialNetwork network;
    private final PersonaId personaId;
    private final PersonaHealth health;

    MonitoredNetwork(SocialNetwork network, PersonaId personaId, PersonaHealth health) {
        this.network = network;
        this.personaId = personaId;
        this.health = health;
    }

    @Override
    public Account me() {
        return call("me", network::me);
    }

    @Override
    public Post post(String text, @Nullable String replyToId, @Nullable String quoteOfId) {
        return call("post", () -> network.post(text, replyToId, quoteOfId));
    }

    @Override
    public void delete(String postId) {
        call("delete", () -> {
            network.delete(postId);
            return postId;
        });
    }

    @Override
    public void like(String postId) {
        call("like", () -> {
            network.like(postId);
            return postId;
        });
    }

    @Override
    public List<Post> mentions(@Nullable String sinceId) {
        return call("mentions", () -> network.mentions(sinceId));
    }

    @Override
    public List<Found> search(String query, @Nullable String sinceId) {
        return call("search", () -> network.search(query, sinceId));
    }

    @Override
    public Optional<Post> find(String postId) {
        return call("find", () -> network.find(postId));
    }

    @Override
    public List<Post> conversation(String conversationId) {
        return call("conversation", () -> network.conversation(conversationId));
    }

    @Override
    public List<Post> recentPosts(String userId) {
        return call("recent posts", () -> network.recentPosts(userId));
    }

    private <T> T call(String operation, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (ExternalServiceException.Transient e) {
            health.networkFailed(personaId, operation, e);
            throw e;
        } catch (ExternalServiceException.AuthFailed e) {
            // a 403 on a write may be about that one post (a protected conversation); a refused read is the account
            if (operation.equals("me")
                    || operation.equals("mentions")
                    || String.valueOf(e.getMessage()).contains(" 401")) {
                health.networkRefusedCredentials(personaId, e);
            }
            throw e;
        }
        health.networkSucceeded(personaId, operation);
        return result;
    }
}
