-- DESIGN 4.4: the event sources' memory across restarts. event_source: when each source (random:news,
-- random:mood:<persona>, random:interactions, feed:<hash of its URL>) runs next, in persona time, and a feed's HTTP
-- validators for its next conditional GET. feed_item: the items of a feed that were seen (a SHA-256 of the item's
-- guid or id, else link, else title), so each becomes a news event once.
CREATE TABLE event_source (
    source_key     VARCHAR(100) PRIMARY KEY,
    next_run_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    etag           VARCHAR(500),
    last_modified  VARCHAR(100)
);

CREATE TABLE feed_item (
    source_key     VARCHAR(100) NOT NULL,
    item_key       VARCHAR(64)  NOT NULL,
    seen_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (source_key, item_key)
);
