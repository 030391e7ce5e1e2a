package dev.puppetengine.solana;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.shared.ExternalServiceException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SolanaErrorsTest {

    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (a, b) -> true);

    @ParameterizedTest
    @CsvSource({
        "400, InvalidRequest",
        "404, InvalidRequest",
        "422, InvalidRequest",
        "401, AuthFailed",
        "403, AuthFailed",
        "429, RateLimited",
        "500, Unavailable",
        "502, Unavailable",
        "503, Unavailable"
    })
    void maps_each_http_status(int status, String expected) {
        ExternalServiceException error = SolanaErrors.fromStatus(SolanaErrors.JUPITER, "quote", status, "{}", NONE);

        assertThat(error.getClass().getSimpleName()).isEqualTo(expected);
        assertThat(error.service()).isEqualTo("jupiter");
    }

    @ParameterizedTest
    @CsvSource({
        "-32002, ContentRejected",
        "-32003, ContentRejected",
        "-32600, InvalidRequest",
        "-32601, InvalidRequest",
        "-32602, InvalidRequest",
        "-32603, Unavailable",
        "-32004, Unavailable",
        "-32005, Unavailable",
        "-32007, Unavailable",
        "-32016, Unavailable",
        "7, InvalidRequest"
    })
    void maps_each_json_rpc_error(long code, String expected) {
        assertThat(SolanaErrors.fromRpcError("getBalance", code, "message")
                        .getClass()
                        .getSimpleName())
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"12, PT12S", "soon, ", "'', "})
    void reads_retry_after_seconds_only(String header, String expected) {
        HttpHeaders headers = HttpHeaders.of(Map.of("Retry-After", List.of(header)), (a, b) -> true);

        ExternalServiceException error = SolanaErrors.fromStatus(SolanaErrors.RPC, "getBalance", 429, "", headers);

        assertThat(Optional.ofNullable(((ExternalServiceException.RateLimited) error).retryAfter())
                        .map(Duration::toString)
                        .orElse(null))
                .isEqualTo(expected);
    }
}
