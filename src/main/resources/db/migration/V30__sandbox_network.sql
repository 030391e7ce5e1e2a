-- The sandbox X network (DESIGN §6.3): its users, posts, mentions and likes. Ids are X-like numeric ids.

-- One user per persona (persona_id set, OAuth 1.0a credentials generated on first use) plus human users created
-- from the dashboard (no credentials). username_key is the lower-cased handle: X handles are case-insensitive.
CREATE TABLE sandbox_user (
    id                      BIGINT           NOT NULL PRIMARY KEY,
    username                VARCHAR(64)      NOT NULL,
    username_key            VARCHAR(64)      NOT NULL,
    name                    VARCHAR(128)     NOT NULL,
    persona_id              VARCHAR(64),
    consumer_key            VARCHAR(64),
    consumer_secret         VARCHAR(128),
    access_token            VARCHAR(128),
    access_token_secret     VARCHAR(128),
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sandbox_user_username UNIQUE (username_key),
    CONSTRAINT sandbox_user_persona UNIQUE (persona_id),
    CONSTRAINT sandbox_user_access_token UNIQUE (access_token)
);

CREATE TABLE sandbox_post (
    id                      BIGINT           NOT NULL PRIMARY KEY,
    author_id               BIGINT           NOT NULL,
    text                    VARCHAR          NOT NULL,
    conversation_id         BIGINT           NOT NULL,
    in_reply_to_id          BIGINT,
    in_reply_to_user_id     BIGINT,
    quote_of_id             BIGINT,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted                 BOOLEAN          NOT NULL DEFAULT FALSE
);
CREATE INDEX sandbox_post_author ON sandbox_post (author_id, id);
CREATE INDEX sandbox_post_conversation ON sandbox_post (conversation_id, id);

-- Who a post mentions: its @handles, and the author of the post it replies to (as on X).
CREATE TABLE sandbox_mention (
    post_id                 BIGINT           NOT NULL,
    username_key            VARCHAR(64)      NOT NULL,
    PRIMARY KEY (username_key, post_id)
);

CREATE TABLE sandbox_like (
    user_id                 BIGINT           NOT NULL,
    post_id                 BIGINT           NOT NULL,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, post_id)
);
