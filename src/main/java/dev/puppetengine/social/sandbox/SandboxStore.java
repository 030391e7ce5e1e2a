package dev.puppetengine.social.sandbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The sandbox network's tables (V30): users, posts, mentions, likes. Deleted posts are kept, flagged. */
final class SandboxStore {

    private static final String POST_COLUMNS = "p.id, p.author_id, u.username, u.persona_id, p.text, p.conversation_id,"
            + " p.in_reply_to_id, p.in_reply_to_user_id, p.quote_of_id, p.created_at";
    private static final String POSTS = " FROM sandbox_post p JOIN sandbox_user u ON u.id = p.author_id";

    private final JdbcClient jdbc;

    SandboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long maxId() {
        Long users = jdbc.sql("SELECT MAX(id) FROM sandbox_user")
                .query(Long.class)
                .optional()
                .orElse(0L);
        Long posts = jdbc.sql("SELECT MAX(id) FROM sandbox_post")
                .query(Long.class)
                .optional()
                .orElse(0L);
        return Math.max(users == null ? 0 : users, posts == null ? 0 : posts);
    }

    /** The persona ids that have an account: one query. */
    Set<String> listPersonaIdsWithAccount() {
        return Set.copyOf(jdbc.sql("SELECT persona_id FROM sandbox_user WHERE persona_id IS NOT NULL")
                .query(String.class)
                .list());
    }

    void insertUser(SandboxUser user) {
        SandboxUser.Keys keys = user.keys();
        jdbc.sql("INSERT INTO sandbox_user (id, username, username_key, name, persona_id, consumer_key,"
                        + " consumer_secret, access_token, access_token_secret, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(values(
                        user.id(),
                        user.username(),
                        SandboxUser.key(user.username()),
                        user.name(),
                        user.personaId(),
                        keys == null ? null : keys.consumerKey(),
                        keys == null ? null : keys.consumerSecret(),
                        keys == null ? null : keys.accessToken(),
                        keys == null ? null : keys.accessTokenSecret(),
                        utc(user.createdAt())))
                .update();
    }

    Optional<SandboxUser> findUser(long id) {
        return users("id = ?", id);
    }

    Optional<SandboxUser> findUserByUsername(String username) {
        return users("username_key = ?", SandboxUser.key(username));
    }

    Optional<SandboxUser> findUserByPersona(String personaId) {
        return users("persona_id = ?", personaId);
    }

    Optional<SandboxUser> findUserByConsumerKey(String consumerKey) {
        return users("consumer_key = ?", consumerKey);
    }

    Optional<SandboxUser> findUserByAccessToken(String accessToken) {
        return users("access_token = ?", accessToken);
    }

    private Optional<SandboxUser> users(String where, Object value) {
        return jdbc.sql("SELECT * FROM sandbox_user WHERE " + where)
                .param(value)
                .query((rs, n) -> user(rs))
                .optional();
    }

    void insertPost(SandboxPost post, Collection<String> mentionedKeys) {
        jdbc.sql("INSERT INTO sandbox_post (id, author_id, text, conversation_id, in_reply_to_id, in_reply_to_user_id,"
                        + " quote_of_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(values(
                        Long.parseLong(post.id()),
                        Long.parseLong(post.authorId()),
                        post.text(),
                        Long.parseLong(post.conversationId()),
                        idOrNull(post.inReplyTo()),
                        idOrNull(post.inReplyToUserId()),
                        idOrNull(post.quoteOf()),
                        utc(post.createdAt())))
                .update();
        for (String key : mentionedKeys) {
            jdbc.sql("INSERT INTO sandbox_mention (post_id, username_key) VALUES (?, ?)")
                    .params(Long.parseLong(post.id()), key)
                    .update();
        }
    }

    Optional<SandboxPost> findPost(long id) {
        return jdbc.sql("SELECT " + POST_COLUMNS + POSTS + " WHERE p.id = ? AND p.deleted = FALSE")
                .param(id)
                .query((rs, n) -> post(rs))
                .optional();
    }

    boolean markDeleted(long id) {
        return jdbc.sql("UPDATE sandbox_post SET deleted = TRUE WHERE id = ? AND deleted = FALSE")
                        .param(id)
                        .update()
                > 0;
    }

    boolean hasRecentText(long authorId, String text, Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM sandbox_post WHERE author_id = ? AND text = ? AND created_at >= ?"
                                + " AND deleted = FALSE")
                        .params(authorId, text, utc(since))
                        .query(Long.class)
                        .single()
                > 0;
    }

    boolean like(long userId, long postId, Instant at) {
        boolean liked = jdbc.sql("SELECT COUNT(*) FROM sandbox_like WHERE user_id = ? AND post_id = ?")
                        .params(userId, postId)
                        .query(Long.class)
                        .single()
                > 0;
        if (!liked) {
            jdbc.sql("INSERT INTO sandbox_like (user_id, post_id, created_at) VALUES (?, ?, ?)")
                    .params(userId, postId, utc(at))
                    .update();
        }
        return true;
    }

    /**
     * Which page of posts: newest first, {@code sinceId < id < untilId}, {@code start <= created_at < end} (each
     * bound optional), at most {@code limit}.
     */
    record Bounds(
            @Nullable Long sinceId,
            @Nullable Long untilId,
            @Nullable Instant start,
            @Nullable Instant end,
            int limit) {
        static Bounds since(@Nullable Long sinceId, int limit) {
            return new Bounds(sinceId, null, null, null, limit);
        }
    }

    List<SandboxPost> mentions(String usernameKey, Bounds bounds) {
        return page(
                " JOIN sandbox_mention m ON m.post_id = p.id WHERE m.username_key = ? AND p.author_id <> ("
                        + "SELECT COALESCE(MAX(id), -1) FROM sandbox_user WHERE username_key = ?)",
                List.of(usernameKey, usernameKey),
                bounds);
    }

    List<SandboxPost> byAuthor(long authorId, boolean excludeReplies, Bounds bounds) {
        return page(
                " WHERE p.author_id = ?" + (excludeReplies ? " AND p.in_reply_to_id IS NULL" : ""),
                List.of(authorId),
                bounds);
    }

    List<SandboxPost> conversation(long conversationId, Bounds bounds) {
        return page(" WHERE p.conversation_id = ?", List.of(conversationId), bounds);
    }

    /**
     * Posts matching a recent-search query (the caller bounds them to the last 7 days). The cast search's shape,
     * {@code @a OR @b OR …} (and {@code to:} terms among them), is served by the indexes on who a post mentions and
     * whom it replies to; any other query is compiled term by term and tested post by post.
     */
    List<SandboxPost> search(SandboxSearch.Term query, Bounds bounds) {
        List<Object> params = new ArrayList<>();
        String condition = recipients(query, bounds, params);
        if (condition == null) {
            return searchPostByPost(query, bounds);
        }
        return page(" WHERE " + condition, params, bounds, true);
    }

    /** {@link #search} without the index-served shapes: every query compiled term by term (tests compare the two). */
    List<SandboxPost> searchPostByPost(SandboxSearch.Term query, Bounds bounds) {
        List<Object> params = new ArrayList<>();
        String condition = condition(query, params);
        // parenthesised: a top-level OR must not swallow the bounds and the deleted flag ANDed after it
        return page(" WHERE (" + condition + ")", params, bounds);
    }

    /**
     * A query that is one {@code @handle} or {@code to:handle} term or an {@code OR} of them, as one {@code IN} over
     * the post ids the indexes give (sandbox_mention's key, sandbox_post_reply_to), with the id bounds; H2 then
     * looks the posts up by id (EXPLAIN: {@code PRIMARY_KEY …: ID IN(SELECT …)}). {@code null} for any other query.
     * Equal to {@link #condition}: a post matches when any term does.
     */
    private static @Nullable String recipients(SandboxSearch.Term query, Bounds bounds, List<Object> params) {
        List<SandboxSearch.Term> terms = query instanceof SandboxSearch.Any any ? any.terms() : List.of(query);
        Set<String> mentioned = new LinkedHashSet<>();
        Set<String> repliedTo = new LinkedHashSet<>();
        for (SandboxSearch.Term term : terms) {
            switch (term) {
                case SandboxSearch.Mentions m -> mentioned.add(m.usernameKey());
                case SandboxSearch.To t -> repliedTo.add(t.usernameKey());
                default -> {
                    return null;
                }
            }
        }
        List<String> selects = new ArrayList<>();
        if (!mentioned.isEmpty()) {
            params.addAll(mentioned);
            selects.add("SELECT sm.post_id FROM sandbox_mention sm WHERE sm.username_key IN (" + marks(mentioned.size())
                    + ")" + idBounds("sm.post_id", bounds, params));
        }
        if (!repliedTo.isEmpty()) {
            params.addAll(repliedTo);
            selects.add("SELECT rp.id FROM sandbox_user su JOIN sandbox_post rp ON rp.in_reply_to_user_id = su.id"
                    + " WHERE su.username_key IN (" + marks(repliedTo.size()) + ")"
                    + idBounds("rp.id", bounds, params));
        }
        return "p.id IN (" + String.join(" UNION ALL ", selects) + ")";
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static String idBounds(String column, Bounds bounds, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        if (bounds.sinceId() != null) {
            sql.append(" AND ").append(column).append(" > ?");
            params.add(bounds.sinceId());
        }
        if (bounds.untilId() != null) {
            sql.append(" AND ").append(column).append(" < ?");
            params.add(bounds.untilId());
        }
        return sql.toString();
    }

    List<SandboxPost> timeline(@Nullable Long sinceId, int limit) {
        return page(" WHERE 1 = 1", List.of(), Bounds.since(sinceId, limit));
    }

    private static String condition(SandboxSearch.Term term, List<Object> params) {
        return switch (term) {
            case SandboxSearch.Mentions m -> {
                params.add(m.usernameKey());
                yield "EXISTS (SELECT 1 FROM sandbox_mention sm WHERE sm.post_id = p.id AND sm.username_key = ?)";
            }
            case SandboxSearch.From f -> {
                params.add(f.usernameKey());
                yield "u.username_key = ?";
            }
            case SandboxSearch.To t -> {
                params.add(t.usernameKey());
                yield "p.in_reply_to_user_id IN (SELECT su.id FROM sandbox_user su WHERE su.username_key = ?)";
            }
            case SandboxSearch.Conversation c -> {
                params.add(c.id());
                yield "p.conversation_id = ?";
            }
            case SandboxSearch.Keyword k -> {
                params.add("%"
                        + k.lowerCaseText()
                                .replace("!", "!!")
                                .replace("%", "!%")
                                .replace("_", "!_") + "%");
                yield "LOWER(p.text) LIKE ? ESCAPE '!'";
            }
            case SandboxSearch.Is is ->
                switch (is.what()) {
                    case "reply" -> "p.in_reply_to_id IS NOT NULL";
                    case "quote" -> "p.quote_of_id IS NOT NULL";
                    default -> "1 = 0";
                };
            case SandboxSearch.Not not -> "NOT (" + condition(not.term(), params) + ")";
            case SandboxSearch.All all -> joined(all.terms(), " AND ", params);
            case SandboxSearch.Any any -> joined(any.terms(), " OR ", params);
        };
    }

    private static String joined(List<SandboxSearch.Term> terms, String operator, List<Object> params) {
        List<String> parts = new ArrayList<>();
        for (SandboxSearch.Term term : terms) {
            parts.add("(" + condition(term, params) + ")");
        }
        return String.join(operator, parts);
    }

    private List<SandboxPost> page(String where, List<Object> params, Bounds bounds) {
        return page(where, params, bounds, false);
    }

    /**
     * {@code idsBounded}: {@code where} already keeps the ids within the bounds; an id range here too would make H2
     * walk the primary key through the range instead of looking up the ids {@code where} names.
     */
    private List<SandboxPost> page(String where, List<Object> params, Bounds bounds, boolean idsBounded) {
        StringBuilder sql = new StringBuilder("SELECT " + POST_COLUMNS + POSTS + where + " AND p.deleted = FALSE");
        List<Object> statement = new ArrayList<>(params);
        if (!idsBounded) {
            sql.append(idBounds("p.id", bounds, statement));
        }
        if (bounds.start() != null) {
            sql.append(" AND p.created_at >= ?");
            statement.add(utc(bounds.start()));
        }
        if (bounds.end() != null) {
            sql.append(" AND p.created_at < ?");
            statement.add(utc(bounds.end()));
        }
        sql.append(" ORDER BY p.id DESC LIMIT ?");
        statement.add(bounds.limit());
        return jdbc.sql(sql.toString())
                .params(statement)
                .query((rs, n) -> post(rs))
                .list();
    }

    boolean unlike(long userId, long postId) {
        return jdbc.sql("DELETE FROM sandbox_like WHERE user_id = ? AND post_id = ?")
                        .params(userId, postId)
                        .update()
                > 0;
    }

    private static SandboxUser user(ResultSet rs) throws SQLException {
        String token = rs.getString("access_token");
        SandboxUser.Keys keys = token == null
                ? null
                : new SandboxUser.Keys(
                        rs.getString("consumer_key"),
                        rs.getString("consumer_secret"),
                        token,
                        rs.getString("access_token_secret"));
        return new SandboxUser(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("name"),
                rs.getString("persona_id"),
                keys,
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static SandboxPost post(ResultSet rs) throws SQLException {
        return new SandboxPost(
                Long.toString(rs.getLong("id")),
                Long.toString(rs.getLong("author_id")),
                rs.getString("username"),
                rs.getString("persona_id"),
                rs.getString("text"),
                Long.toString(rs.getLong("conversation_id")),
                idString(rs, "in_reply_to_id"),
                idString(rs, "in_reply_to_user_id"),
                idString(rs, "quote_of_id"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static @Nullable String idString(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Long.toString(value);
    }

    private static @Nullable Long idOrNull(@Nullable String id) {
        return id == null ? null : Long.parseLong(id);
    }

    private static List<@Nullable Object> values(@Nullable Object... values) {
        return java.util.Arrays.asList(values);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
