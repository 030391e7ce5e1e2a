package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SqlTimes;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code x_oauth2_token} table: per persona the active OAuth 2.0 pair and, between the two steps of a refresh,
 * the pending pair X has issued (see {@link XOAuth2AccessTokens}). Tokens are stored only through
 * {@link TokenCipher}, bound to the persona and to their role (access or refresh), so the promotion of a pending pair
 * is one SQL statement that copies ciphertexts. Each write is its own transaction (auto-commit); {@code rotation}
 * makes the refresh writes compare-and-set, so a login or another refresh in between wins over a stale one.
 */
public final class JdbcXOAuth2TokenStore {

    private final JdbcClient jdbc;
    private final TokenCipher cipher;
    private final Clock clock;

    public JdbcXOAuth2TokenStore(JdbcClient jdbc, TokenCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * What is stored for one persona: the {@code active} pair, a {@code pending} one that a refresh obtained and has not
     * promoted yet (it is the newest: X has retired the active refresh token), and the {@code rotation} count.
     */
    public record Stored(
            PersonaId personaId,
            String clientId,
            XOAuth2Token active,
            @Nullable XOAuth2Token pending,
            long rotation) {}

    /** After {@code x-login}: the persona's pair is {@code token}; any earlier or pending pair is dropped. */
    public void save(PersonaId persona, String clientId, XOAuth2Token token) {
        OffsetDateTime now = utc(clock.instant());
        String access = cipher.encrypt(token.accessToken(), context(persona, "access"));
        SqlParameterValue refresh = encryptRefresh(persona, token);
        int updated = jdbc.sql("UPDATE x_oauth2_token SET client_id = ?, access_token = ?, refresh_token = ?,"
                        + " expires_at = ?, scope = ?, rotation = rotation + 1, updated_at = ?,"
                        + " pending_access_token = NULL, pending_refresh_token = NULL, pending_expires_at = NULL,"
                        + " pending_scope = NULL WHERE persona_id = ?")
                .params(clientId, access, refresh, utc(token.expiresAt()), token.scope(), now, persona.value())
                .update();
        if (updated > 0) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO x_oauth2_token (persona_id, client_id, access_token, refresh_token, expires_at,"
                            + " scope, rotation, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)")
                    .params(persona.value(), clientId, access, refresh, utc(token.expiresAt()), token.scope(), now)
                    .update();
        } catch (DuplicateKeyException raced) {
            save(persona, clientId, token);
        }
    }

    public Optional<Stored> find(PersonaId persona) {
        return jdbc.sql("SELECT * FROM x_oauth2_token WHERE persona_id = ?")
                .param(persona.value())
                .query((rs, row) -> read(persona, rs))
                .optional();
    }

    /** Whether a pair is stored for the persona; reads no token (needs no key). */
    public static boolean exists(JdbcClient jdbc, PersonaId persona) {
        return jdbc.sql("SELECT COUNT(*) FROM x_oauth2_token WHERE persona_id = ?")
                        .param(persona.value())
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Whether any persona has a pending pair (a refresh a crash left unpromoted); reads no token (needs no key). */
    public static boolean anyPending(JdbcClient jdbc) {
        return jdbc.sql("SELECT COUNT(*) FROM x_oauth2_token WHERE pending_access_token IS NOT NULL")
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** The personas with a stored pair, in id order. */
    public List<PersonaId> listPersonas() {
        return jdbc.sql("SELECT persona_id FROM x_oauth2_token ORDER BY persona_id")
                .query((rs, row) -> PersonaId.of(rs.getString(1)))
                .list();
    }

    /**
     * Step 1 of a refresh: records the pair X just issued as pending, if the row is still at {@code rotation} and holds
     * no pending pair. False when a login or another refresh came first.
     */
    public boolean storePending(PersonaId persona, long rotation, XOAuth2Token refreshed) {
        return jdbc.sql("UPDATE x_oauth2_token SET pending_access_token = ?, pending_refresh_token = ?,"
                                + " pending_expires_at = ?, pending_scope = ?, updated_at = ?"
                                + " WHERE persona_id = ? AND rotation = ? AND pending_access_token IS NULL")
                        .params(
                                cipher.encrypt(refreshed.accessToken(), context(persona, "access")),
                                encryptRefresh(persona, refreshed),
                                utc(refreshed.expiresAt()),
                                refreshed.scope(),
                                utc(clock.instant()),
                                persona.value(),
                                rotation)
                        .update()
                == 1;
    }

    /** Step 2: the pending pair becomes the active one, in one statement. False when there is none at that rotation. */
    public boolean promotePending(PersonaId persona, long rotation) {
        return jdbc.sql("UPDATE x_oauth2_token SET access_token = pending_access_token,"
                                + " refresh_token = pending_refresh_token, expires_at = pending_expires_at,"
                                + " scope = pending_scope, rotation = rotation + 1, updated_at = ?,"
                                + " pending_access_token = NULL, pending_refresh_token = NULL,"
                                + " pending_expires_at = NULL, pending_scope = NULL"
                                + " WHERE persona_id = ? AND rotation = ? AND pending_access_token IS NOT NULL")
                        .params(utc(clock.instant()), persona.value(), rotation)
                        .update()
                == 1;
    }

    /**
     * Claims the right to refresh the persona's pair for {@code hold} (database time), for {@code claimant}: true when
     * the row was free, its claim lapsed, or the claim was already {@code claimant}'s. False when another claimant holds
     * it, or when nothing is stored for the persona.
     */
    public boolean claimRefresh(PersonaId persona, String claimant, Duration hold) {
        return jdbc.sql("UPDATE x_oauth2_token SET refresh_claimed_by = ?, refresh_claimed_until = CURRENT_TIMESTAMP"
                                + " + INTERVAL '" + hold.toSeconds() + "' SECOND WHERE persona_id = ?"
                                + " AND (refresh_claimed_by IS NULL OR refresh_claimed_by = ?"
                                + " OR refresh_claimed_until < CURRENT_TIMESTAMP)")
                        .params(claimant, persona.value(), claimant)
                        .update()
                == 1;
    }

    /** Ends {@code claimant}'s claim on the persona's refresh, if it still holds it. */
    public void releaseRefresh(PersonaId persona, String claimant) {
        jdbc.sql("UPDATE x_oauth2_token SET refresh_claimed_by = NULL, refresh_claimed_until = NULL"
                        + " WHERE persona_id = ? AND refresh_claimed_by = ?")
                .params(persona.value(), claimant)
                .update();
    }

    private Stored read(PersonaId persona, ResultSet rs) throws SQLException {
        XOAuth2Token active = new XOAuth2Token(
                cipher.decrypt(rs.getString("access_token"), context(persona, "access")),
                decryptRefresh(persona, rs.getString("refresh_token")),
                SqlTimes.requiredInstant(rs, "expires_at"),
                rs.getString("scope"));
        @Nullable String pendingAccess = rs.getString("pending_access_token");
        @Nullable
        XOAuth2Token pending = pendingAccess == null
                ? null
                : new XOAuth2Token(
                        cipher.decrypt(pendingAccess, context(persona, "access")),
                        decryptRefresh(persona, rs.getString("pending_refresh_token")),
                        SqlTimes.requiredInstant(rs, "pending_expires_at"),
                        String.valueOf(rs.getString("pending_scope")));
        return new Stored(persona, rs.getString("client_id"), active, pending, rs.getLong("rotation"));
    }

    /** The encrypted refresh token, or SQL NULL when the pair has none. */
    private SqlParameterValue encryptRefresh(PersonaId persona, XOAuth2Token token) {
        String refresh = token.refreshToken();
        return new SqlParameterValue(
                Types.VARCHAR, refresh == null ? null : cipher.encrypt(refresh, context(persona, "refresh")));
    }

    private @Nullable String decryptRefresh(PersonaId persona, @Nullable String stored) {
        return stored == null ? null : cipher.decrypt(stored, context(persona, "refresh"));
    }

    private static String context(PersonaId persona, String role) {
        return "x_oauth2_token/" + persona.value() + "/" + role;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
