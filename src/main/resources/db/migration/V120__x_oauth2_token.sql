-- DESIGN 6.2: a persona's OAuth 2.0 user tokens from ./puppet x-login, encrypted (AES-GCM, see TokenCipher): never
-- a token in clear text here. rotation counts the refreshes of the pair; pending_* hold a refreshed pair that X has
-- already issued (and for which it retired refresh_token) until it replaces the active pair, so a crash between the
-- two writes keeps the newest pair (XOAuth2AccessTokens).
CREATE TABLE x_oauth2_token (
    persona_id             VARCHAR(100) PRIMARY KEY,
    client_id              VARCHAR(200) NOT NULL,
    access_token           VARCHAR(4000) NOT NULL,
    refresh_token          VARCHAR(4000),
    expires_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    scope                  VARCHAR(500) NOT NULL,
    rotation               BIGINT NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    pending_access_token   VARCHAR(4000),
    pending_refresh_token  VARCHAR(4000),
    pending_expires_at     TIMESTAMP WITH TIME ZONE,
    pending_scope          VARCHAR(500)
);
