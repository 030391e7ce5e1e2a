package dev.puppetengine.agent;

import dev.puppetengine.llm.PromptInputs;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The thread above a post being answered (DESIGN §4.5): up to {@link #MAX_ANCESTORS} ancestors, oldest first. A
 * conversation is fetched from the network once and cached (the most recent {@link #MAX_CONVERSATIONS}); posts seen
 * later are added to it, and an ancestor still missing is looked up once by id. In prompts the ancestors carry names,
 * never handles or ids: the persona's own posts are marked as its own, the author being answered is
 * {@link PostPrompts#AUTHOR}, another persona goes by its name and anyone else is "Someone else". Thread-safe.
 */
public final class Threads {

    public static final int MAX_ANCESTORS = 5;
    static final int MAX_CONVERSATIONS = 1_000;
    static final String SOMEONE_ELSE = "Someone else";

    private final Cast cast;
    private final Map<String, Map<String, Post>> conversations = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Post>> eldest) {
            return size() > MAX_CONVERSATIONS;
        }
    };

    public Threads(Cast cast) {
        this.cast = Objects.requireNonNull(cast);
    }

    /** The ancestors of {@code post}, oldest first, at most {@link #MAX_ANCESTORS}. Network failures leave gaps. */
    public List<Post> ancestorsOf(Post post, SocialNetwork network) {
        if (post.inReplyToId() == null) {
            return List.of(); // a post that starts its thread has no ancestors: nothing to read
        }
        Map<String, Post> known = conversation(post.conversationId(), network);
        known.put(post.id(), post);
        List<Post> ancestors = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>(Set.of(post.id()));
        @Nullable String parent = post.inReplyToId();
        while (parent != null && ancestors.size() < MAX_ANCESTORS && seen.add(parent)) {
            Post found = known.get(parent);
            if (found == null) {
                found = lookUp(parent, network);
                if (found == null) {
                    break;
                }
                known.put(found.id(), found);
            }
            ancestors.addFirst(found);
            parent = found.inReplyToId();
        }
        return ancestors;
    }

    /** The thread above {@code post} as a prompt's conversation: names only, the persona's own posts marked. */
    public List<PromptInputs.Turn> turnsAbove(
            PersonaSpec persona, String ownAccountId, Post post, SocialNetwork network) {
        Set<String> ownHandles = PostPrompts.ownHandles(persona);
        return ancestorsOf(post, network).stream()
                .map(ancestor -> new PromptInputs.Turn(
                        speaker(persona, ownAccountId, post, ancestor),
                        PostPrompts.withoutHandles(ancestor.text(), ownHandles),
                        ancestor.authorId().equals(ownAccountId)))
                .filter(turn -> !turn.text().isBlank())
                .toList();
    }

    /** Adds a post the engine saw or sent to its cached conversation, if that conversation is cached. */
    public void remember(Post post) {
        synchronized (conversations) {
            Map<String, Post> known = conversations.get(post.conversationId());
            if (known != null) {
                known.put(post.id(), post);
            }
        }
    }

    private String speaker(PersonaSpec persona, String ownAccountId, Post answered, Post ancestor) {
        if (ancestor.authorId().equals(ownAccountId)) {
            return persona.name();
        }
        if (ancestor.authorId().equals(answered.authorId())) {
            return PostPrompts.AUTHOR;
        }
        return cast.findPersonaByAccount(ancestor.authorId())
                .map(PersonaSpec::name)
                .orElse(SOMEONE_ELSE);
    }

    private Map<String, Post> conversation(String conversationId, SocialNetwork network) {
        synchronized (conversations) {
            Map<String, Post> known = conversations.get(conversationId);
            if (known != null) {
                return known;
            }
        }
        Map<String, Post> fetched = new ConcurrentHashMap<>();
        try {
            for (Post post : network.conversation(conversationId)) {
                fetched.put(post.id(), post);
            }
        } catch (ExternalServiceException e) {
            // fetched once anyway: ancestors still missing are looked up one by one
        }
        synchronized (conversations) {
            Map<String, Post> raced = conversations.putIfAbsent(conversationId, fetched);
            return raced == null ? fetched : raced;
        }
    }

    private static @Nullable Post lookUp(String postId, SocialNetwork network) {
        try {
            return network.find(postId).orElse(null);
        } catch (ExternalServiceException e) {
            return null;
        }
    }
}
