package dev.puppetengine.social.jdbc;

import static dev.puppetengine.shared.SqlTimes.instant;
import static dev.puppetengine.shared.SqlTimes.requiredInstant;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import dev.puppetengine.social.PlatformPolicy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link Outbox} on the {@code outbox} table. Joins the caller's Spring transaction when there is one. */
public final class JdbcOutbox implements Outbox {

    private static final String COLUMNS =
            "id, persona_id, idempotency_key, text, in_reply_to_id, quote_of_id, target_id, status,"
                    + " remote_id, attempts, reason, created_at, updated_at, dispatched_at, next_attempt_at, posted_at,"
                    + " approved_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    public JdbcOutbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public OutboxItem enqueue(OutboxItem.Draft draft) {
        return insert(draft, OutboxStatus.PENDING, null);
    }

    @Override
    public OutboxItem enqueueStopped(OutboxItem.Draft draft, PlatformPolicy.Stop stop) {
        return insert(draft, stop.status(), stop.reason());
    }

    @Override
    public OutboxItem enqueueForApproval(OutboxItem.Draft draft) {
        return insert(draft, OutboxStatus.AWAITING_APPROVAL, null);
    }

    @Override
    public boolean markApproved(long id, @Nullable String text, Instant at) {
        return jdbc.sql("UPDATE outbox SET status = ?, text = COALESCE(?, text), approved_at = ?, updated_at = ?,"
                                + " reason = NULL, next_attempt_at = NULL WHERE id = ? AND status = ?")
                        .params(Arrays.<@Nullable Object>asList(
                                OutboxStatus.PENDING.wireName(),
                                text,
                                utc(at),
                                utc(at),
                                id,
                                OutboxStatus.AWAITING_APPROVAL.wireName()))
                        .update()
                == 1;
    }

    @Override
    public boolean markRejected(long id, String reason, Instant at) {
        return transition(id, OutboxStatus.AWAITING_APPROVAL, OutboxStatus.REJECTED, reason, null, at);
    }

    @Override
    public boolean markApprovalExpired(long id, String reason, Instant at) {
        return transition(id, OutboxStatus.AWAITING_APPROVAL, OutboxStatus.EXPIRED, reason, null, at);
    }

    private OutboxItem insert(OutboxItem.Draft draft, OutboxStatus status, @Nullable String reason) {
        Optional<OutboxItem> existing = findByKey(draft.idempotencyKey());
        if (existing.isPresent()) {
            return existing.get();
        }
        OffsetDateTime now = utc(clock.instant());
        jdbc.sql("INSERT INTO outbox (persona_id, idempotency_key, action, text, in_reply_to_id, quote_of_id,"
                        + " target_id, status, reason, attempts, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)")
                .params(Arrays.<@Nullable Object>asList(
                        draft.personaId().value(),
                        draft.idempotencyKey(),
                        action(draft),
                        draft.text(),
                        draft.inReplyToId(),
                        draft.quoteOfId(),
                        draft.likedId(),
                        status.wireName(),
                        reason == null || reason.length() <= 1000 ? reason : reason.substring(0, 1000),
                        now,
                        now))
                .update();
        return findByKey(draft.idempotencyKey())
                .orElseThrow(() -> new IllegalStateException("outbox insert not visible: " + draft.idempotencyKey()));
    }

    @Override
    public int countSentSince(PersonaId personaId, Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE persona_id = ? AND action <> 'like' AND created_at >= ?"
                        + " AND status IN (?, ?, ?, ?)")
                .params(
                        personaId.value(),
                        utc(since),
                        OutboxStatus.PENDING.wireName(),
                        OutboxStatus.DISPATCHING.wireName(),
                        OutboxStatus.POSTED.wireName(),
                        OutboxStatus.AWAITING_APPROVAL.wireName())
                .query(Integer.class)
                .single();
    }

    @Override
    public boolean hasReplyTo(PersonaId personaId, String postId) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE persona_id = ? AND in_reply_to_id = ?"
                                + " AND status NOT IN (?, ?)")
                        .params(
                                personaId.value(),
                                postId,
                                OutboxStatus.REFUSED.wireName(),
                                OutboxStatus.REJECTED.wireName())
                        .query(Integer.class)
                        .single()
                > 0;
    }

    @Override
    public boolean hasPosted(PersonaId personaId, String remoteId) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox WHERE persona_id = ? AND remote_id = ? AND status = ?")
                        .params(personaId.value(), remoteId, OutboxStatus.POSTED.wireName())
                        .query(Integer.class)
                        .single()
                > 0;
    }

    @Override
    public Optional<OutboxItem> findByKey(String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox WHERE idempotency_key = ?")
                .param(idempotencyKey)
                .query(JdbcOutbox::map)
                .optional();
    }

    @Override
    public Optional<OutboxItem> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox WHERE id = ?")
                .param(id)
                .query(JdbcOutbox::map)
                .optional();
    }

    @Override
    public List<OutboxItem> list(
            @Nullable PersonaId personaId, @Nullable OutboxStatus status, @Nullable Long beforeId, int limit) {
        // Only the conditions that apply, so the (persona_id, status, id) index serves the per-persona reads that
        // every prompt makes ("? = '' OR persona_id = ?" could use no index at all).
        StringBuilder where = new StringBuilder("id < ?");
        List<Object> params = new ArrayList<>();
        params.add(beforeId == null ? Long.MAX_VALUE : beforeId);
        if (personaId != null) {
            where.append(" AND persona_id = ?");
            params.add(personaId.value());
        }
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status.wireName());
        }
        params.add(limit);
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox WHERE " + where + " ORDER BY id DESC LIMIT ?")
                .params(params)
                .query(JdbcOutbox::map)
                .list();
    }

    @Override
    public List<OutboxItem> listByStatus(OutboxStatus status) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox WHERE status = ? ORDER BY id")
                .param(status.wireName())
                .query(JdbcOutbox::map)
                .list();
    }

    @Override
    public List<OutboxItem> listUndelivered(PersonaId personaId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM outbox WHERE persona_id = ? AND status IN (?, ?) ORDER BY id")
                .params(personaId.value(), OutboxStatus.PENDING.wireName(), OutboxStatus.DISPATCHING.wireName())
                .query(JdbcOutbox::map)
                .list();
    }

    @Override
    public boolean markDispatching(long id, Instant at) {
        return jdbc.sql("UPDATE outbox SET status = ?, attempts = attempts + 1, dispatched_at = ?, updated_at = ?,"
                                + " next_attempt_at = NULL WHERE id = ? AND status = ?")
                        .params(
                                OutboxStatus.DISPATCHING.wireName(),
                                utc(at),
                                utc(at),
                                id,
                                OutboxStatus.PENDING.wireName())
                        .update()
                == 1;
    }

    @Override
    public boolean markPosted(long id, String remoteId, Instant at) {
        return jdbc.sql("UPDATE outbox SET status = ?, remote_id = ?, posted_at = ?, updated_at = ?, reason = NULL,"
                                + " next_attempt_at = NULL WHERE id = ? AND status = ?")
                        .params(
                                OutboxStatus.POSTED.wireName(),
                                remoteId,
                                utc(at),
                                utc(at),
                                id,
                                OutboxStatus.DISPATCHING.wireName())
                        .update()
                == 1;
    }

    @Override
    public boolean markRetry(long id, String reason, Instant nextAttemptAt, Instant at) {
        return transition(id, OutboxStatus.DISPATCHING, OutboxStatus.PENDING, reason, nextAttemptAt, at);
    }

    @Override
    public boolean markReclaimed(long id, int attempts, String reason, Instant nextAttemptAt, Instant at) {
        String shortReason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        return jdbc.sql("UPDATE outbox SET status = ?, reason = ?, next_attempt_at = ?, updated_at = ?"
                                + " WHERE id = ? AND status = ? AND attempts = ?")
                        .params(
                                OutboxStatus.PENDING.wireName(),
                                shortReason,
                                utc(nextAttemptAt),
                                utc(at),
                                id,
                                OutboxStatus.DISPATCHING.wireName(),
                                attempts)
                        .update()
                == 1;
    }

    @Override
    public boolean markUnanswered(long id, String reason, Instant nextAttemptAt, Instant at) {
        return transition(id, OutboxStatus.DISPATCHING, OutboxStatus.DISPATCHING, reason, nextAttemptAt, at);
    }

    @Override
    public boolean markFailed(long id, String reason, Instant at) {
        return transition(id, OutboxStatus.DISPATCHING, OutboxStatus.FAILED, reason, null, at);
    }

    @Override
    public boolean markExpired(long id, String reason, Instant at) {
        return transition(id, OutboxStatus.PENDING, OutboxStatus.EXPIRED, reason, null, at);
    }

    private boolean transition(
            long id, OutboxStatus from, OutboxStatus to, String reason, @Nullable Instant nextAttemptAt, Instant at) {
        String shortReason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
        return jdbc.sql("UPDATE outbox SET status = ?, reason = ?, next_attempt_at = ?, updated_at = ?"
                                + " WHERE id = ? AND status = ?")
                        .params(Arrays.<@Nullable Object>asList(
                                to.wireName(),
                                shortReason,
                                nextAttemptAt == null ? null : utc(nextAttemptAt),
                                utc(at),
                                id,
                                from.wireName()))
                        .update()
                == 1;
    }

    private static String action(OutboxItem.Draft draft) {
        if (draft.likedId() != null) {
            return "like";
        }
        if (draft.inReplyToId() != null) {
            return "reply";
        }
        return draft.quoteOfId() != null ? "quote" : "post";
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static OutboxItem map(ResultSet rs, int row) throws SQLException {
        return new OutboxItem(
                rs.getLong("id"),
                PersonaId.of(rs.getString("persona_id")),
                rs.getString("idempotency_key"),
                Objects.requireNonNullElse(rs.getString("text"), ""),
                rs.getString("in_reply_to_id"),
                rs.getString("quote_of_id"),
                rs.getString("target_id"),
                OutboxStatus.fromWireName(rs.getString("status")),
                rs.getString("remote_id"),
                rs.getInt("attempts"),
                rs.getString("reason"),
                requiredInstant(rs, "created_at"),
                requiredInstant(rs, "updated_at"),
                instant(rs, "dispatched_at"),
                instant(rs, "next_attempt_at"),
                instant(rs, "posted_at"),
                instant(rs, "approved_at"));
    }
}
