package dev.puppetengine.social;

import dev.puppetengine.shared.ExternalServiceException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outbox items through a persona's {@link SocialNetwork} and never twice (DESIGN §6.1). An item found in
 * {@code dispatching} was interrupted (the process died while sending): it is first looked up among the persona's
 * recent posts, and resent only when the network does not have it. Callers run one delivery per persona at a time
 * (the persona's scheduled task does).
 */
public final class OutboxDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    private final Outbox outbox;
    private final Clock clock;

    public OutboxDispatcher(Outbox outbox, Clock clock) {
        this.outbox = Objects.requireNonNull(outbox);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Brings the item as far as it can go now and returns it as stored afterwards: posted, failed, pending (rate
     * limited: certainly not sent; retried by a later delivery) or dispatching (no answer, or the network could not be
     * asked: a later delivery looks the post up before any resend).
     */
    public OutboxItem deliver(OutboxItem item, SocialNetwork network) {
        return switch (item.status()) {
            case POSTED, FAILED -> item;
            case DISPATCHING -> reconcile(item, network);
            case PENDING -> send(item, network);
        };
    }

    private OutboxItem reconcile(OutboxItem item, SocialNetwork network) {
        Optional<Post> published;
        try {
            published = network.recentPosts(network.me().id()).stream()
                    .filter(post -> sameContent(item, post))
                    .findFirst();
        } catch (ExternalServiceException e) {
            log.warn(
                    "outbox item {} of {}: cannot check the network yet: {}",
                    item.id(),
                    item.personaId(),
                    e.getMessage());
            return item;
        }
        if (published.isPresent()) {
            log.info(
                    "outbox item {} of {} was already posted as {}; not resending",
                    item.id(),
                    item.personaId(),
                    published.get().id());
            outbox.markPosted(item.id(), published.get().id(), clock.instant());
            return reload(item);
        }
        outbox.markRetry(item.id(), "interrupted dispatch; not found on the network", clock.instant());
        return send(reload(item), network);
    }

    private OutboxItem send(OutboxItem item, SocialNetwork network) {
        if (!outbox.markDispatching(item.id(), clock.instant())) {
            return reload(item);
        }
        try {
            Post post = network.post(item.text(), item.inReplyToId(), item.quoteOfId());
            outbox.markPosted(item.id(), post.id(), clock.instant());
        } catch (ExternalServiceException.RateLimited e) {
            log.warn("outbox item {} of {}: rate limited, will retry: {}", item.id(), item.personaId(), e.getMessage());
            outbox.markRetry(item.id(), String.valueOf(e.getMessage()), clock.instant());
        } catch (ExternalServiceException.Transient e) {
            // A timeout, a dropped connection or a 5xx may come after the network accepted the post: the item stays
            // in dispatching, so the next delivery looks it up among the recent posts before any resend.
            log.warn(
                    "outbox item {} of {}: no answer from the network ({}); will check before resending",
                    item.id(),
                    item.personaId(),
                    e.getMessage());
        } catch (ExternalServiceException.Permanent e) {
            log.error("outbox item {} of {}: the network refused it: {}", item.id(), item.personaId(), e.getMessage());
            outbox.markFailed(item.id(), String.valueOf(e.getMessage()), clock.instant());
        }
        return reload(item);
    }

    private static boolean sameContent(OutboxItem item, Post post) {
        return post.text().strip().equals(item.text().strip())
                && Objects.equals(post.inReplyToId(), item.inReplyToId());
    }

    private OutboxItem reload(OutboxItem item) {
        return outbox.find(item.id())
                .orElseThrow(() -> new IllegalStateException("outbox item vanished: " + item.id()));
    }
}
