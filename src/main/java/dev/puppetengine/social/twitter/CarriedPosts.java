package dev.puppetengine.social.twitter;

import dev.puppetengine.social.Post;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Posts that X responses carried (the posts read, and the ones they reply to or quote in {@code includes.tweets}),
 * least recently used dropped beyond a capacity, so a reply or a thread needs no extra lookup. One instance may be
 * shared by the clients of a cast: a post the cast-wide search read is known to the persona that answers it.
 * Thread-safe.
 */
public final class CarriedPosts {

    private final Map<String, Post> posts;

    public CarriedPosts(int capacity) {
        this.posts = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Post> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void put(Post post) {
        posts.put(post.id(), post);
    }

    synchronized @Nullable Post find(String postId) {
        return posts.get(postId);
    }

    synchronized void remove(String postId) {
        posts.remove(postId);
    }
}
