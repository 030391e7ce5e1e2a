-- DESIGN 6.2: the since_id of each cast-wide mentions search (one recent-search query ORing the personas' handles),
-- as mention_cursor keeps it per persona. query_key is the SHA-256 (hex) of query_text.
CREATE TABLE cast_search_cursor (
    query_key               VARCHAR(64)      NOT NULL PRIMARY KEY,
    query_text              VARCHAR(512)     NOT NULL,
    since_id                VARCHAR(32)      NOT NULL,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL
);
