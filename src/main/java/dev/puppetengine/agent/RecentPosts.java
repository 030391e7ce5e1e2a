package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import java.util.List;
import java.util.Objects;

/** A persona's own last delivered posts, newest first, as the writer sees them (no repeats, DESIGN §5.4). */
public final class RecentPosts {

    private final Outbox outbox;

    public RecentPosts(Outbox outbox) {
        this.outbox = Objects.requireNonNull(outbox);
    }

    public List<String> textsOf(PersonaId personaId) {
        return outbox.list(personaId, OutboxStatus.POSTED, PostPrompts.RECENT_POSTS).stream()
                .map(OutboxItem::text)
                .toList();
    }
}
