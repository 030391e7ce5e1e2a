package dev.puppetengine.agent;

import dev.puppetengine.llm.OutputPolicy;
import dev.puppetengine.llm.PolicyContext;
import dev.puppetengine.llm.PolicyOutcome;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.social.ApprovalGate;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.OutboxStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The approval queue (issue 12): the persona's {@code approval} mode (the file's key, or the one set at run time)
 * decides which drafts wait in the outbox as {@code awaiting_approval}; a human approves one (optionally with an edited
 * text, which passes the output policy again) or rejects it, and one nobody decided expires after
 * {@code puppet.approvals.expire-after}. Each step is a decision. An approved item becomes pending under its own
 * idempotency key and is delivered through the normal outbox path, so it goes out once; a rejected or expired one
 * never does. Thread-safe: every change is a compare-and-set on the item's status.
 */
public final class Approvals implements ApprovalGate {

    private static final Logger log = LoggerFactory.getLogger(Approvals.class);
    private static final int SWEEP_LIMIT = 500;

    private final PersonaCatalog catalog;
    private final PersonaStateStore states;
    private final Outbox outbox;
    private final OutputPolicy policy;
    private final DecisionLog decisions;
    private final TransactionOperations transactions;
    private final Duration expireAfter;
    private final Engine engine;
    private final Clock clock;

    public Approvals(
            PersonaCatalog catalog,
            PersonaStateStore states,
            Outbox outbox,
            OutputPolicy policy,
            DecisionLog decisions,
            TransactionOperations transactions,
            ApprovalProperties properties,
            Engine engine,
            Clock clock) {
        this.catalog = Objects.requireNonNull(catalog);
        this.states = Objects.requireNonNull(states);
        this.outbox = Objects.requireNonNull(outbox);
        this.policy = Objects.requireNonNull(policy);
        this.decisions = Objects.requireNonNull(decisions);
        this.transactions = Objects.requireNonNull(transactions);
        this.expireAfter = properties.expireAfter();
        this.engine = Objects.requireNonNull(engine);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The persona's approval mode: set at run time, else its file's; {@code off} for a persona not configured. */
    public PersonaSpec.Approval modeOf(PersonaId personaId) {
        Optional<PersonaSpec.Approval> set = states.findApproval(personaId);
        if (set.isPresent()) {
            return set.get();
        }
        return catalog.findPersona(personaId).map(PersonaSpec::approval).orElse(PersonaSpec.Approval.OFF);
    }

    /** {@link #modeOf} of each of these personas, in one read. */
    public Map<PersonaId, PersonaSpec.Approval> modesOf(Collection<PersonaSpec> personas) {
        Map<PersonaId, PersonaSpec.Approval> set =
                states.listApprovals(personas.stream().map(PersonaSpec::id).toList());
        Map<PersonaId, PersonaSpec.Approval> modes = new HashMap<>();
        for (PersonaSpec persona : personas) {
            modes.put(persona.id(), set.getOrDefault(persona.id(), persona.approval()));
        }
        return modes;
    }

    /** Sets the persona's approval mode at run time (stored, it outlives restarts); items already waiting stay. */
    public void setMode(PersonaId personaId, PersonaSpec.Approval approval) {
        states.updateApproval(personaId, approval);
        log.info("{}: approval is now {}", personaId, approval.wireName());
    }

    @Override
    public boolean gates(OutboxItem.Draft draft) {
        if (draft.isLike()) {
            return false;
        }
        return switch (modeOf(draft.personaId())) {
            case OFF -> false;
            case REPLIES -> draft.isReply() || draft.isQuote();
            case ALL -> true;
        };
    }

    @Override
    public void awaiting(OutboxItem item) {
        decide(
                item,
                Decision.Outcome.AWAITING_APPROVAL,
                "waits for approval (approval: " + modeOf(item.personaId()).wireName() + ") until " + expiresAt(item));
    }

    /** When a waiting item expires unless a human decides first. */
    public Instant expiresAt(OutboxItem item) {
        return item.createdAt().plus(expireAfter);
    }

    /**
     * The items waiting for approval, newest first, of one persona or all, after {@code beforeId} (a cursor, as in
     * {@code GET /api/posts}). Expires what is due first, so no expired item is listed.
     */
    public List<OutboxItem> listWaiting(@Nullable PersonaId personaId, @Nullable Long beforeId, int limit) {
        expireDue();
        return outbox.list(personaId, OutboxStatus.AWAITING_APPROVAL, beforeId, limit);
    }

    /** Expires every waiting item older than {@code expire-after}, each with a decision; returns how many. */
    public int expireDue() {
        Instant now = clock.instant();
        int expired = 0;
        for (OutboxItem item : outbox.listByStatus(OutboxStatus.AWAITING_APPROVAL)) {
            if (expired >= SWEEP_LIMIT) {
                break;
            }
            if (!now.isBefore(expiresAt(item)) && expire(item, now)) {
                expired++;
            }
        }
        return expired;
    }

    private boolean expire(OutboxItem item, Instant now) {
        String reason =
                "approval expired: nobody approved it within " + expireAfter + " (puppet.approvals.expire-after)";
        boolean changed = Boolean.TRUE.equals(transactions.execute(tx -> {
            if (!outbox.markApprovalExpired(item.id(), reason, now)) {
                return false;
            }
            decide(item, Decision.Outcome.EXPIRED, reason);
            return true;
        }));
        if (changed) {
            log.info("{}: outbox item {} expired unapproved", item.personaId(), item.id());
        }
        return changed;
    }

    /** What a human's decision on a waiting item came to. */
    public sealed interface Result permits Decided, NotFound, NotWaiting, TextRefused {}

    /** Approved (and delivered as far as it went now) or rejected: {@code item} as stored afterwards. */
    public record Decided(OutboxItem item) implements Result {}

    /** No outbox item has that id. */
    public record NotFound(long id) implements Result {}

    /** The item is not waiting (any more): approved, rejected or expired before, or never gated. */
    public record NotWaiting(OutboxItem item) implements Result {}

    /** The edited text did not pass the output policy; the item still waits. */
    public record TextRefused(OutboxItem item, String reason) implements Result {}

    /**
     * Approves the waiting item {@code id}, with {@code text} instead of the drafted text when not null (checked by
     * the output policy first, and cleaned as it cleans generated text), and delivers it.
     */
    public Result approve(long id, @Nullable String text) {
        Optional<OutboxItem> found = outbox.find(id);
        if (found.isEmpty()) {
            return new NotFound(id);
        }
        OutboxItem item = found.get();
        Optional<Result> notWaiting = unlessWaiting(item);
        if (notWaiting.isPresent()) {
            return notWaiting.get();
        }
        String edited = null;
        if (text != null && !text.strip().equals(item.text())) {
            Optional<PersonaSpec> persona = catalog.findPersona(item.personaId());
            if (persona.isEmpty()) {
                return new TextRefused(item, "the persona " + item.personaId() + " is not configured any more");
            }
            PolicyContext context =
                    new PolicyContext(new RecentPosts(outbox).textsOf(item.personaId()), null, List.of());
            switch (policy.apply(persona.get(), text, context)) {
                case PolicyOutcome.Accepted accepted -> edited = accepted.text();
                case PolicyOutcome.Rejected rejected -> {
                    return new TextRefused(item, rejected.detail());
                }
            }
        }
        String newText = edited;
        Instant now = clock.instant();
        boolean approved = Boolean.TRUE.equals(transactions.execute(tx -> {
            if (!outbox.markApproved(item.id(), newText, now)) {
                return false;
            }
            if (newText == null) {
                decide(item, Decision.Outcome.APPROVED, "approved by the operator");
            } else {
                decide(item, Decision.Outcome.EDITED, "approved by the operator with an edited text: " + newText);
            }
            return true;
        }));
        OutboxItem stored = reload(item);
        if (!approved) {
            return new NotWaiting(stored);
        }
        log.info("{}: outbox item {} approved{}", item.personaId(), item.id(), newText == null ? "" : " (edited)");
        return new Decided(engine.deliverApproved(stored));
    }

    /** Rejects the waiting item {@code id}: it is never sent. {@code reason} is the operator's, if given. */
    public Result reject(long id, @Nullable String reason) {
        Optional<OutboxItem> found = outbox.find(id);
        if (found.isEmpty()) {
            return new NotFound(id);
        }
        OutboxItem item = found.get();
        Optional<Result> notWaiting = unlessWaiting(item);
        if (notWaiting.isPresent()) {
            return notWaiting.get();
        }
        String why = reason == null || reason.isBlank()
                ? "rejected by the operator"
                : "rejected by the operator: " + reason.strip();
        Instant now = clock.instant();
        boolean rejected = Boolean.TRUE.equals(transactions.execute(tx -> {
            if (!outbox.markRejected(item.id(), why, now)) {
                return false;
            }
            decide(item, Decision.Outcome.REJECTED, why);
            return true;
        }));
        OutboxItem stored = reload(item);
        if (!rejected) {
            return new NotWaiting(stored);
        }
        log.info("{}: outbox item {} rejected", item.personaId(), item.id());
        return new Decided(stored);
    }

    /** Not waiting, or waiting past its expiry (then expired now): the result to answer; empty while it waits. */
    private Optional<Result> unlessWaiting(OutboxItem item) {
        if (item.status() != OutboxStatus.AWAITING_APPROVAL) {
            return Optional.of(new NotWaiting(item));
        }
        Instant now = clock.instant();
        if (!now.isBefore(expiresAt(item))) {
            expire(item, now);
            return Optional.of(new NotWaiting(reload(item)));
        }
        return Optional.empty();
    }

    private OutboxItem reload(OutboxItem item) {
        return outbox.find(item.id())
                .orElseThrow(() -> new IllegalStateException("outbox item vanished: " + item.id()));
    }

    private void decide(OutboxItem item, Decision.Outcome outcome, String reason) {
        Decision.Kind kind =
                item.isReply() ? Decision.Kind.REPLY : item.isOriginal() ? Decision.Kind.POST : Decision.Kind.REACTION;
        String ref = item.inReplyToId() != null
                ? item.inReplyToId()
                : item.quoteOfId() != null ? item.quoteOfId() : item.idempotencyKey();
        decisions.record(new Decision(item.personaId(), kind, outcome, reason, ref, clock.instant()));
    }
}
