package dev.puppetengine.social.twitter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.shared.ExternalServiceException.RateLimited;
import dev.puppetengine.shared.ExternalServiceException.TimedOut;
import dev.puppetengine.shared.ExternalServiceException.Unavailable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwitterErrorMapperTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private final TwitterErrorMapper mapper = new TwitterErrorMapper(Clock.fixed(NOW, ZoneOffset.UTC));

    private static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(
                values.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                (a, b) -> true);
    }

    @Nested
    class Statuses {

        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "400|{\"title\":\"Invalid Request\",\"detail\":\"One or more parameters to your request was invalid.\"}|InvalidRequest",
                    "404|{\"title\":\"Not Found Error\",\"type\":\"about:blank\",\"status\":404}|InvalidRequest",
                    "422|{}|InvalidRequest",
                    "401|{\"title\":\"Unauthorized\",\"type\":\"about:blank\",\"status\":401,\"detail\":\"Unauthorized\"}|AuthFailed",
                    "403|{\"title\":\"Forbidden\",\"type\":\"about:blank\",\"status\":403,\"detail\":\"Forbidden\"}|AuthFailed",
                    "403|{\"detail\":\"You are not allowed to create a Tweet with duplicate content.\",\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403}|ContentRejected",
                    "403|{\"detail\":\"You attempted to reply to a Tweet that is deleted or not visible to you.\",\"status\":403}|InvalidRequest",
                    "429|{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}|RateLimited",
                    "500|{\"title\":\"Internal Server Error\"}|Unavailable",
                    "503|Service Unavailable|Unavailable"
                })
        void map_each_status_to_what_the_caller_can_do(int status, String body, String expected) {
            ExternalServiceException failure =
                    mapper.fromResponse(XEndpoint.CREATE_POST, status, body, headers(Map.of()));

            assertThat(failure.getClass().getSimpleName()).isEqualTo(expected);
            assertThat(failure.service()).isEqualTo("x");
            assertThat(failure.getMessage()).contains(Integer.toString(status));
        }
    }

    @Test
    void rate_limited_waits_until_the_reset_header() {
        ExternalServiceException failure = mapper.fromResponse(
                XEndpoint.MENTIONS,
                429,
                "{}",
                headers(Map.of(
                        "x-rate-limit-reset", Long.toString(NOW.plusSeconds(600).getEpochSecond()))));

        assertThat(failure)
                .isInstanceOfSatisfying(
                        RateLimited.class,
                        limited -> assertThat(limited.retryAfter()).isEqualTo(Duration.ofMinutes(10)));
    }

    @Test
    void transient_and_permanent_split_as_the_caller_needs() {
        assertThat(mapper.fromResponse(XEndpoint.GET_POST, 429, "{}", headers(Map.of())))
                .isInstanceOf(ExternalServiceException.Transient.class);
        assertThat(mapper.fromResponse(XEndpoint.GET_POST, 401, "{}", headers(Map.of())))
                .isInstanceOf(ExternalServiceException.Permanent.class);
    }

    @Nested
    class Exceptions {

        @Test
        void timeouts_are_timed_out() {
            assertThat(mapper.fromException(XEndpoint.GET_POST, new HttpTimeoutException("request timed out")))
                    .isInstanceOf(TimedOut.class);
        }

        @Test
        void io_failures_are_unavailable() {
            assertThat(mapper.fromException(XEndpoint.GET_POST, new ConnectException("refused")))
                    .isInstanceOf(Unavailable.class);
            assertThat(mapper.fromException(XEndpoint.GET_POST, new IOException("reset")))
                    .isInstanceOf(Unavailable.class);
        }
    }
}
