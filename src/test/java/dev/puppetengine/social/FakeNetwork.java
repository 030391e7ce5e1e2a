package dev.puppetengine.social;

import dev.puppetengine.shared.ExternalServiceException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory network shared by several accounts: {@link #as} gives one account's view. As on X, a reply mentions
 * the author of the post it answers. Tests can make the next
 * {@code post} fail, or make it succeed on the network and then "kill the process" before the caller hears back, or
 * make the network refuse for a while ({@link #refuse}: each call asks the schedule how the network behaves now).
 */
public final class FakeNetwork {

    private final Clock clock;
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<Like> likes = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private volatile @Nullable RuntimeException nextFailure;
    private volatile @Nullable RuntimeException lostAnswer;
    private volatile boolean crashAfterNextPost;
    private volatile Function<Instant, Optional<Refusal>> refusals = now -> Optional.empty();
    private final AtomicInteger postRequests = new AtomicInteger();
    private final List<String> searches = new CopyOnWriteArrayList<>();

    public FakeNetwork(Clock clock) {
        this.clock = clock;
    }

    /** Thrown in place of the process dying: the network has the post, the caller never learns its id. */
    public static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash after the network accepted the post");
        }
    }

    /**
     * How the network refuses at one moment: {@code failure} is what callers get; with {@code accepted} a post is
     * stored before the failure (its answer is lost); with {@code readsFail} reading timelines and mentions fails too.
     */
    public record Refusal(RuntimeException failure, boolean accepted, boolean readsFail) {}

    /** From now on each call asks {@code refusals} whether, and how, the network refuses at the clock's time. */
    public void refuse(Function<Instant, Optional<Refusal>> refusals) {
        this.refusals = refusals;
    }

    /** Each search as {@code query since=ID}, in order. */
    public List<String> searches() {
        return List.copyOf(searches);
    }

    /** How many times {@code post} was called, refused or not. */
    public int postRequests() {
        return postRequests.get();
    }

    private void failIfReadsRefused() {
        Optional<Refusal> refusal = refusals.apply(clock.instant());
        if (refusal.isPresent() && refusal.get().readsFail()) {
            throw refusal.get().failure();
        }
    }

    public SocialNetwork as(Account account) {
        return new View(account);
    }

    public List<Post> posts() {
        return List.copyOf(posts);
    }

    public List<Post> postsBy(String authorId) {
        return posts.stream().filter(p -> p.authorId().equals(authorId)).toList();
    }

    public Post publish(Account author, String text, @Nullable String replyToId) {
        return publish(author, text, replyToId, null);
    }

    /** Who liked which post, in order: {@code accountId -> postId} pairs. */
    public List<Like> likes() {
        return List.copyOf(likes);
    }

    public record Like(String accountId, String postId) {}

    public Post publish(Account author, String text, @Nullable String replyToId, @Nullable String quoteOfId) {
        String id = Long.toString(ids.incrementAndGet());
        String conversation = replyToId == null
                ? id
                : posts.stream()
                        .filter(p -> p.id().equals(replyToId))
                        .map(Post::conversationId)
                        .findFirst()
                        .orElse(replyToId);
        Post post =
                new Post(id, author.id(), author.username(), text, conversation, replyToId, quoteOfId, clock.instant());
        posts.add(post);
        return post;
    }

    public void failNextPost(RuntimeException failure) {
        nextFailure = failure;
    }

    public void crashAfterNextPost() {
        crashAfterNextPost = true;
    }

    /** The next post reaches the network, but its answer is lost: the caller sees {@code failure}. */
    public void loseAnswerToNextPost(RuntimeException failure) {
        lostAnswer = failure;
    }

    /** As on X, a reply mentions the author of the post it answers. */
    private boolean repliesTo(Post post, Account account) {
        String parent = post.inReplyToId();
        return parent != null
                && posts.stream()
                        .anyMatch(p -> p.id().equals(parent) && p.authorId().equals(account.id()));
    }

    private final class View implements SocialNetwork {
        private final Account account;

        View(Account account) {
            this.account = account;
        }

        @Override
        public Account me() {
            return account;
        }

        @Override
        public Post post(String text, @Nullable String replyToId, @Nullable String quoteOfId) {
            postRequests.incrementAndGet();
            RuntimeException failure = nextFailure;
            if (failure != null) {
                nextFailure = null;
                throw failure;
            }
            Optional<Refusal> refusal = refusals.apply(clock.instant());
            if (refusal.isPresent() && !refusal.get().accepted()) {
                throw refusal.get().failure();
            }
            Post post = publish(account, text, replyToId, quoteOfId);
            if (refusal.isPresent()) {
                throw refusal.get().failure();
            }
            if (crashAfterNextPost) {
                crashAfterNextPost = false;
                throw new SimulatedCrash();
            }
            RuntimeException lost = lostAnswer;
            if (lost != null) {
                lostAnswer = null;
                throw lost;
            }
            return post;
        }

        @Override
        public void delete(String postId) {
            posts.removeIf(p -> p.id().equals(postId));
        }

        @Override
        public void like(String postId) {
            if (find(postId).isEmpty()) {
                throw new ExternalServiceException.InvalidRequest("fake", "no such post: " + postId, null);
            }
            if (!likes.contains(new Like(account.id(), postId))) {
                likes.add(new Like(account.id(), postId));
            }
        }

        @Override
        public List<Post> mentions(@Nullable String sinceId) {
            failIfReadsRefused();
            Predicate<Post> newer = p -> sinceId == null || Long.parseLong(p.id()) > Long.parseLong(sinceId);
            return posts.stream()
                    .filter(p -> p.text().contains("@" + account.username()) || repliesTo(p, account))
                    .filter(p -> !p.authorId().equals(account.id()))
                    .filter(newer)
                    .sorted(Comparator.comparingLong(p -> Long.parseLong(p.id())))
                    .toList();
        }

        /** Understands {@code @a OR @b …} only: posts that address any of the handles, as {@link #mentions} sees it. */
        @Override
        public List<Found> search(String query, @Nullable String sinceId) {
            failIfReadsRefused();
            searches.add(query + " since=" + sinceId);
            Set<String> handles = new HashSet<>();
            for (String term : query.split(" OR ")) {
                handles.add(term.substring(1).toLowerCase(Locale.ROOT));
            }
            Predicate<Post> newer = p -> sinceId == null || Long.parseLong(p.id()) > Long.parseLong(sinceId);
            List<Found> found = new ArrayList<>();
            for (Post post : posts) {
                Set<String> addressed = new HashSet<>();
                Matcher mention = Pattern.compile("@([A-Za-z0-9_]+)").matcher(post.text());
                while (mention.find()) {
                    addressed.add(mention.group(1).toLowerCase(Locale.ROOT));
                }
                for (String referenced : Arrays.asList(post.inReplyToId(), post.quotedId())) {
                    posts.stream()
                            .filter(p -> p.id().equals(referenced) && p.authorUsername() != null)
                            .forEach(p -> addressed.add(
                                    Objects.requireNonNull(p.authorUsername()).toLowerCase(Locale.ROOT)));
                }
                if (newer.test(post) && addressed.stream().anyMatch(handles::contains)) {
                    found.add(new Found(post, addressed));
                }
            }
            found.sort(Comparator.comparingLong(f -> Long.parseLong(f.post().id())));
            return found;
        }

        @Override
        public Optional<Post> find(String postId) {
            return posts.stream().filter(p -> p.id().equals(postId)).findFirst();
        }

        @Override
        public List<Post> conversation(String conversationId) {
            return posts.stream()
                    .filter(p -> p.conversationId().equals(conversationId))
                    .toList();
        }

        @Override
        public List<Post> recentPosts(String userId) {
            failIfReadsRefused();
            List<Post> own = new ArrayList<>(postsBy(userId));
            own.sort(
                    Comparator.comparingLong((Post p) -> Long.parseLong(p.id())).reversed());
            return own.size() > 100 ? own.subList(0, 100) : own;
        }
    }
}
