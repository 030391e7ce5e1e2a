package dev.puppetengine.event;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the event sources remember across restarts: when each source runs next (persona time; keys such as
 * {@code random:news}, {@code random:mood:<persona>}, {@code feed:<hash>}), a feed's HTTP validators, and which of a
 * feed's items became events. Thread-safe.
 */
public interface EventSourceStore {

    /** Every source's next run. */
    Map<String, Instant> listNextRuns();

    void setNextRun(String sourceKey, Instant at);

    Optional<FeedReader.Validators> findValidators(String sourceKey);

    void saveValidators(String sourceKey, FeedReader.Validators validators);

    /** Records the item as seen; true when it was not seen before. */
    boolean markSeen(String sourceKey, String itemKey, Instant at);
}
