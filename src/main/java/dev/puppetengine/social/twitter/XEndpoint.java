package dev.puppetengine.social.twitter;

import java.time.Duration;

/**
 * The X API v2 endpoints the client uses, with X's default per-user rate limit for each. Rate limits, usage counts
 * and the sandbox's limits are kept per endpoint; {@link #key()} names it in config and in {@code x_usage}.
 */
public enum XEndpoint {
    CREATE_POST("create-post", "POST", "/2/tweets", 100, Duration.ofMinutes(15)),
    DELETE_POST("delete-post", "DELETE", "/2/tweets/{id}", 50, Duration.ofMinutes(15)),
    GET_POST("get-post", "GET", "/2/tweets/{id}", 900, Duration.ofMinutes(15)),
    USERS_ME("users-me", "GET", "/2/users/me", 75, Duration.ofMinutes(15)),
    MENTIONS("mentions", "GET", "/2/users/{id}/mentions", 75, Duration.ofMinutes(15)),
    USER_POSTS("user-posts", "GET", "/2/users/{id}/tweets", 900, Duration.ofMinutes(15)),
    SEARCH_RECENT("search-recent", "GET", "/2/tweets/search/recent", 300, Duration.ofMinutes(15)),
    LIKE("like", "POST", "/2/users/{id}/likes", 50, Duration.ofMinutes(15)),
    UNLIKE("unlike", "DELETE", "/2/users/{id}/likes/{tweet_id}", 50, Duration.ofMinutes(15)),
    GET_POSTS("get-posts", "GET", "/2/tweets", 900, Duration.ofMinutes(15)),
    GET_USER("get-user", "GET", "/2/users/{id}", 900, Duration.ofMinutes(15)),
    GET_USER_BY_USERNAME("get-user-by-username", "GET", "/2/users/by/username/{username}", 900, Duration.ofMinutes(15));

    private final String key;
    private final String method;
    private final String pathTemplate;
    private final int defaultLimit;
    private final Duration defaultWindow;

    XEndpoint(String key, String method, String pathTemplate, int defaultLimit, Duration defaultWindow) {
        this.key = key;
        this.method = method;
        this.pathTemplate = pathTemplate;
        this.defaultLimit = defaultLimit;
        this.defaultWindow = defaultWindow;
    }

    /** Kebab-case name used in configuration ({@code puppet.sandbox.rate-limits.<key>}) and usage rows. */
    public String key() {
        return key;
    }

    public String method() {
        return method;
    }

    /** The path as the OpenAPI description spells it, e.g. {@code /2/users/{id}/mentions}. */
    public String pathTemplate() {
        return pathTemplate;
    }

    /** Requests per window X allows one user by default. */
    public int defaultLimit() {
        return defaultLimit;
    }

    public Duration defaultWindow() {
        return defaultWindow;
    }

    @Override
    public String toString() {
        return method + " " + pathTemplate;
    }
}
