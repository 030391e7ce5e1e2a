package dev.puppetengine.social;

import dev.puppetengine.persona.PersonaId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * X's automation rules (DESIGN §6.2), checked by {@link PolicedOutbox} when an action is stored, so no path can
 * send around them: replies only to posts that mention or quote the persona (or answer one of its posts), one reply
 * per post, no automated likes unless switched on, no unsolicited @mentions, never toward a user who sent an opt-out
 * word (persisted) or one outside the allow list or on the deny list, a per-persona cap on posts per 24 hours, and
 * no reply at all before X approved the account's AI replies: those are held. Only enforced live unless
 * {@link Settings#enforced} says so for a sandbox rehearsal. Thread-safe.
 */
public final class PlatformPolicy {

    static final Duration CAP_WINDOW = Duration.ofHours(24);
    private static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}_@])@([A-Za-z0-9_]{1,15})");

    /**
     * The rules' settings ({@code puppet.x.*}). {@code allow} and {@code deny} hold user ids or handles (without
     * {@code @}, any case); an empty allow list allows everyone. {@code dailyPostCaps} overrides
     * {@code dailyPostCap} per persona id (matched without case, dashes or underscores).
     */
    public record Settings(
            boolean enforced,
            boolean aiRepliesApproved,
            boolean previewHeldReplies,
            boolean automatedLikes,
            List<String> optOutWords,
            Set<String> allow,
            Set<String> deny,
            int dailyPostCap,
            Map<String, Integer> dailyPostCaps) {
        public Settings {
            optOutWords = optOutWords.stream()
                    .map(word -> word.strip().toLowerCase(Locale.ROOT))
                    .filter(word -> !word.isEmpty())
                    .toList();
            allow = normalised(allow);
            deny = normalised(deny);
            if (dailyPostCap < 0) {
                throw new IllegalArgumentException("puppet.x.daily-post-cap must be >= 0: " + dailyPostCap);
            }
            Map<String, Integer> caps = new java.util.HashMap<>();
            dailyPostCaps.forEach((persona, cap) -> caps.put(squashed(persona), cap));
            dailyPostCaps = Map.copyOf(caps);
        }

        /** Nothing is checked (tests, and the sandbox without a rehearsal). */
        public static Settings off() {
            return new Settings(false, true, false, true, List.of(), Set.of(), Set.of(), Integer.MAX_VALUE, Map.of());
        }

        public int capOf(PersonaId personaId) {
            return dailyPostCaps.getOrDefault(squashed(personaId.value()), dailyPostCap);
        }

        /** Persona ids as map keys match without case, dashes or underscores (the environment's spelling). */
        private static String squashed(String personaId) {
            return personaId.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        }

        private static Set<String> normalised(Set<String> users) {
            Set<String> out = new LinkedHashSet<>();
            for (String user : users) {
                String u = user.strip().toLowerCase(Locale.ROOT);
                if (u.startsWith("@")) {
                    u = u.substring(1);
                }
                if (!u.isEmpty()) {
                    out.add(u);
                }
            }
            return Set.copyOf(out);
        }
    }

    /** Why an action is not sent: {@code status} is {@link OutboxStatus#HELD} or {@link OutboxStatus#REFUSED}. */
    public record Stop(OutboxStatus status, String reason) {
        public Stop {
            if (status != OutboxStatus.HELD && status != OutboxStatus.REFUSED) {
                throw new IllegalArgumentException("a stop is held or refused: " + status);
            }
            Objects.requireNonNull(reason);
        }

        static Stop refused(String reason) {
            return new Stop(OutboxStatus.REFUSED, reason);
        }
    }

    private final Settings settings;
    private final Outbox outbox;
    private final OptOuts optOuts;
    private final Function<PersonaId, Optional<Account>> accounts;
    private final Clock clock;

    /** @param accounts the persona's own account, empty while the network cannot say */
    public PlatformPolicy(
            Settings settings,
            Outbox outbox,
            OptOuts optOuts,
            Function<PersonaId, Optional<Account>> accounts,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.outbox = Objects.requireNonNull(outbox);
        this.optOuts = Objects.requireNonNull(optOuts);
        this.accounts = Objects.requireNonNull(accounts);
        this.clock = Objects.requireNonNull(clock);
    }

    public Settings settings() {
        return settings;
    }

    /** Why the action may not be sent, if it may not; records an opt-out the target carries. */
    public Optional<Stop> check(OutboxItem.Draft draft) {
        if (!settings.enforced()) {
            return Optional.empty();
        }
        PersonaId persona = draft.personaId();
        if (draft.isLike() && !settings.automatedLikes()) {
            return Optional.of(Stop.refused("automated likes are off on X (puppet.x.automated-likes: false)"));
        }
        String targetId = draft.inReplyToId() != null
                ? draft.inReplyToId()
                : draft.quoteOfId() != null ? draft.quoteOfId() : draft.likedId();
        Post target = draft.target();
        if (targetId != null && target == null) {
            return Optional.of(Stop.refused("the post " + targetId + " it acts on was not read from the network"));
        }
        Optional<Account> own = accounts.apply(persona);
        if (target != null) {
            Optional<Stop> toward = towardAuthor(persona, target, own);
            if (toward.isPresent()) {
                return toward;
            }
        }
        if (draft.isReply()) {
            Post post = Objects.requireNonNull(target);
            if (!addresses(persona, post, own)) {
                return Optional.of(
                        Stop.refused("replies only to posts that mention or quote it; " + post.id() + " does neither"));
            }
            if (outbox.hasReplyTo(persona, post.id())) {
                return Optional.of(Stop.refused("already replied to " + post.id() + " (one reply per interaction)"));
            }
        }
        if (!draft.isLike()) {
            Optional<String> unsolicited = unsolicitedMention(draft.text(), target, own);
            if (unsolicited.isPresent()) {
                return Optional.of(Stop.refused("unsolicited mention of @" + unsolicited.get()
                        + (target == null ? " in an original post" : ", who is not in the conversation")));
            }
            int cap = settings.capOf(persona);
            int sent = outbox.countSentSince(persona, clock.instant().minus(CAP_WINDOW));
            if (sent >= cap) {
                return Optional.of(Stop.refused("daily post cap reached: " + sent + " of " + cap
                        + " posts in 24 hours (puppet.x.daily-post-cap)"));
            }
        }
        if (draft.isReply() && !settings.aiRepliesApproved()) {
            return Optional.of(new Stop(OutboxStatus.HELD, held()));
        }
        return Optional.empty();
    }

    /**
     * Before a reply to {@code mention} is drafted: why it would be stopped, so no text is generated for nothing. A
     * reply held for approval is still drafted when the operator asked for previews.
     */
    public Optional<Stop> screenReply(PersonaId persona, Post mention) {
        if (!settings.enforced()) {
            return Optional.empty();
        }
        Optional<Account> own = accounts.apply(persona);
        Optional<Stop> toward = towardAuthor(persona, mention, own);
        if (toward.isPresent()) {
            return toward;
        }
        if (!addresses(persona, mention, own)) {
            return Optional.of(
                    Stop.refused("replies only to posts that mention or quote it; " + mention.id() + " does neither"));
        }
        if (!settings.aiRepliesApproved() && !settings.previewHeldReplies()) {
            return Optional.of(new Stop(OutboxStatus.HELD, held() + "; not drafted (puppet.x.preview-held-replies)"));
        }
        return Optional.empty();
    }

    private static String held() {
        return "reply held: AI replies are not approved by X yet (puppet.x.ai-replies-approved: false)";
    }

    /** The author's opt-out (recorded now when the post carries the word), the deny list and the allow list. */
    private Optional<Stop> towardAuthor(PersonaId persona, Post target, Optional<Account> own) {
        String author = target.authorId();
        String handle = target.authorUsername() == null ? "" : target.authorUsername();
        String shown = handle.isEmpty() ? "user " + author : "@" + handle;
        if (own.isPresent() && own.get().id().equals(author)) {
            return Optional.empty();
        }
        Optional<OptOuts.OptOut> optedOut = optOuts.find(persona, author);
        if (optedOut.isEmpty()) {
            Optional<String> word = optOutWordIn(target.text());
            if (word.isPresent()) {
                optOuts.record(new OptOuts.OptOut(
                        persona, author, target.authorUsername(), word.get(), target.id(), clock.instant()));
                return Optional.of(Stop.refused(shown + " opted out with '" + word.get() + "' in " + target.id()
                        + "; the persona stays silent toward them"));
            }
        } else {
            return Optional.of(
                    Stop.refused(shown + " opted out with '" + optedOut.get().word() + "' in "
                            + optedOut.get().postId() + "; the persona stays silent toward them"));
        }
        String lowerHandle = handle.toLowerCase(Locale.ROOT);
        if (settings.deny().contains(author)
                || (!lowerHandle.isEmpty() && settings.deny().contains(lowerHandle))) {
            return Optional.of(Stop.refused(shown + " is on the deny list (puppet.x.deny)"));
        }
        if (!settings.allow().isEmpty()
                && !settings.allow().contains(author)
                && (lowerHandle.isEmpty() || !settings.allow().contains(lowerHandle))) {
            return Optional.of(Stop.refused(shown + " is not on the allow list (puppet.x.allow)"));
        }
        return Optional.empty();
    }

    private Optional<String> optOutWordIn(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String word : settings.optOutWords()) {
            Pattern whole = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])");
            if (whole.matcher(lower).find()) {
                return Optional.of(word);
            }
        }
        return Optional.empty();
    }

    /** The post mentions the persona's handle, or answers or quotes one of its posts. */
    private boolean addresses(PersonaId persona, Post post, Optional<Account> own) {
        if (own.isPresent()
                && handlesIn(post.text()).contains(own.get().username().toLowerCase(Locale.ROOT))) {
            return true;
        }
        String repliedTo = post.inReplyToId();
        String quoted = post.quotedId();
        return (repliedTo != null && outbox.hasPosted(persona, repliedTo))
                || (quoted != null && outbox.hasPosted(persona, quoted));
    }

    /** A handle in {@code text} that is neither the persona, the target's author nor mentioned by the target. */
    private static Optional<String> unsolicitedMention(String text, @Nullable Post target, Optional<Account> own) {
        List<String> allowed = new ArrayList<>();
        own.ifPresent(account -> allowed.add(account.username().toLowerCase(Locale.ROOT)));
        if (target != null) {
            if (target.authorUsername() != null) {
                allowed.add(target.authorUsername().toLowerCase(Locale.ROOT));
            }
            allowed.addAll(handlesIn(target.text()));
        }
        Matcher m = HANDLE.matcher(text);
        while (m.find()) {
            if (!allowed.contains(m.group(1).toLowerCase(Locale.ROOT))) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static Set<String> handlesIn(String text) {
        Set<String> handles = new LinkedHashSet<>();
        Matcher m = HANDLE.matcher(text);
        while (m.find()) {
            handles.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return handles;
    }
}
