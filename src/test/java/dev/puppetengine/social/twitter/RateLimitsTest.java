package dev.puppetengine.social.twitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.shared.ExternalServiceException.RateLimited;
import dev.puppetengine.shared.SettableClock;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final SettableClock clock = new SettableClock(NOW);
    private final RateLimits limits = new RateLimits(clock);

    private static HttpHeaders headers(String... namesAndValues) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    private static String at(Duration fromNow) {
        return Long.toString(NOW.plus(fromNow).getEpochSecond());
    }

    @Test
    void an_exhausted_24_hour_user_limit_blocks_the_endpoint_until_its_reset() {
        limits.update(
                XEndpoint.CREATE_POST,
                headers(
                        "x-rate-limit-remaining", "99",
                        "x-rate-limit-reset", at(Duration.ofMinutes(15)),
                        "x-user-limit-24hour-limit", "17",
                        "x-user-limit-24hour-remaining", "0",
                        "x-user-limit-24hour-reset", at(Duration.ofHours(20))));

        assertThatThrownBy(() -> limits.requireAvailable(XEndpoint.CREATE_POST))
                .isInstanceOfSatisfying(RateLimited.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(20));
                    assertThat(e.getMessage()).contains("user-24-hours");
                });
        assertThatCode(() -> limits.requireAvailable(XEndpoint.MENTIONS)).doesNotThrowAnyException();
        clock.advance(Duration.ofHours(20));
        assertThatCode(() -> limits.requireAvailable(XEndpoint.CREATE_POST)).doesNotThrowAnyException();
    }

    @Test
    void the_app_limit_counts_too_and_the_latest_reset_wins() {
        limits.update(
                XEndpoint.MENTIONS,
                headers(
                        "x-rate-limit-remaining",
                        "0",
                        "x-rate-limit-reset",
                        at(Duration.ofMinutes(5)),
                        "x-app-limit-24hour-remaining",
                        "0",
                        "x-app-limit-24hour-reset",
                        at(Duration.ofHours(3))));

        assertThatThrownBy(() -> limits.requireAvailable(XEndpoint.MENTIONS))
                .isInstanceOfSatisfying(
                        RateLimited.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(3)));
        assertThat(limits.find(XEndpoint.MENTIONS, RateLimits.Scope.APP_24_HOURS))
                .hasValueSatisfying(w -> assertThat(w.remaining()).isZero());
    }

    @Test
    void a_429_waits_for_the_24_hour_reset_when_that_limit_is_the_exhausted_one() {
        HttpHeaders answer = headers(
                "x-rate-limit-remaining",
                "40",
                "x-rate-limit-reset",
                at(Duration.ofMinutes(15)),
                "x-user-limit-24hour-remaining",
                "0",
                "x-user-limit-24hour-reset",
                at(Duration.ofHours(9)));

        assertThat(RateLimits.resetOf429(answer)).isEqualTo(NOW.plus(Duration.ofHours(9)));
        assertThat(RateLimits.resetOf429(headers("x-rate-limit-reset", at(Duration.ofMinutes(15)))))
                .isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(RateLimits.resetOf429(headers())).isNull();
    }
}
