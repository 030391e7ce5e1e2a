package dev.puppetengine.event;

import dev.puppetengine.shared.ExternalServiceException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads an RSS or Atom feed with a conditional GET. Failures are {@link ExternalServiceException}s: transient for
 * network trouble and 5xx, permanent for a 4xx or a document that is not a feed. Thread-safe.
 */
public interface FeedReader {

    /** The feed's items in document order, or {@link NotModified} when its validators still hold. */
    Read read(URI url, Validators validators);

    /** What a read found. */
    sealed interface Read permits NotModified, Items {}

    /** The server answered 304: nothing new since {@code validators}. */
    record NotModified() implements Read {}

    /** The feed's title, its items, and the validators of this answer for the next conditional GET. */
    record Items(String title, List<Item> items, Validators validators) implements Read {
        public Items {
            items = List.copyOf(items);
        }
    }

    /**
     * One entry: {@code key} identifies it across reads (its guid or id, else its link, else its title), its title
     * (plain text), link and publication date when given.
     */
    record Item(
            String key,
            String title,
            @Nullable String link,
            @Nullable Instant published) {
        public Item {
            Objects.requireNonNull(key);
            Objects.requireNonNull(title);
        }
    }

    /** The HTTP validators of the last answer ({@code ETag}, {@code Last-Modified}). */
    record Validators(@Nullable String etag, @Nullable String lastModified) {
        public static final Validators NONE = new Validators(null, null);
    }
}
