package dev.puppetengine.social.twitter;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * At engine start, before the scheduler reads anything: promotes the pending OAuth 2.0 pairs a crash left between a
 * refresh and its promotion ({@link XOAuth2AccessTokens#promoteLeftovers}), so the database holds the newest pair
 * from the start rather than from the persona's next read. Safe beside a read: both promotions are compare-and-set on
 * the row's rotation. Asks for the access tokens (and so the token key) only when such a pair exists.
 */
final class LeftoverTokenPromotion implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(LeftoverTokenPromotion.class);

    private final JdbcClient jdbc;
    private final Supplier<XOAuth2AccessTokens> tokens;

    LeftoverTokenPromotion(JdbcClient jdbc, Supplier<XOAuth2AccessTokens> tokens) {
        this.jdbc = jdbc;
        this.tokens = tokens;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!JdbcXOAuth2TokenStore.anyPending(jdbc)) {
            return;
        }
        int promoted = tokens.get().promoteLeftovers();
        log.info("promoted {} OAuth 2.0 token pair(s) a stop left between a refresh and its promotion", promoted);
    }
}
