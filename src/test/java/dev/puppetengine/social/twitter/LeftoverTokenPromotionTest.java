package dev.puppetengine.social.twitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.SettableClock;
import dev.puppetengine.shared.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A pending pair a crash left is promoted at engine start, not at the persona's next read. */
class LeftoverTokenPromotionTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final PersonaId ADA = PersonaId.of("ada");

    private final SettableClock clock = new SettableClock(START);
    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.inMemory());
    private final JdbcXOAuth2TokenStore store =
            new JdbcXOAuth2TokenStore(jdbc, TokenCipher.withKey(new byte[32]), clock);
    private final AtomicInteger opened = new AtomicInteger();

    private LeftoverTokenPromotion promotion() {
        return new LeftoverTokenPromotion(jdbc, () -> {
            opened.incrementAndGet();
            return new XOAuth2AccessTokens(
                    store,
                    clientId -> {
                        throw new AssertionError("a promotion calls no token endpoint");
                    },
                    clock,
                    Duration.ofMinutes(5));
        });
    }

    @Test
    void promotes_the_pending_pair_at_start() {
        store.save(ADA, "client-1", new XOAuth2Token("access-0", "refresh-0", START.plusSeconds(7200), "s"));
        store.storePending(ADA, 0, new XOAuth2Token("access-1", "refresh-1", START.plusSeconds(7200), "s"));

        promotion().afterSingletonsInstantiated();

        JdbcXOAuth2TokenStore.Stored stored = store.find(ADA).orElseThrow();
        assertThat(stored.active().refreshToken()).isEqualTo("refresh-1");
        assertThat(stored.pending()).isNull();
        assertThat(JdbcXOAuth2TokenStore.anyPending(jdbc)).isFalse();
    }

    @Test
    void reads_no_token_key_when_nothing_is_pending() {
        store.save(ADA, "client-1", new XOAuth2Token("access-0", "refresh-0", START.plusSeconds(7200), "s"));

        promotion().afterSingletonsInstantiated();

        assertThat(opened).hasValue(0);
        assertThat(store.find(ADA).orElseThrow().active().refreshToken()).isEqualTo("refresh-0");
    }
}
