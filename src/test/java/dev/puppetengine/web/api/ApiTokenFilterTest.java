package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiTokenFilterTest {

    @ParameterizedTest(name = "{0} guarded: {1}")
    @CsvSource({
        "/api, true",
        "/api/agents, true",
        "/api/sandbox/timeline, true",
        "/actuator/prometheus, true",
        "/actuator, true",
        "/actuator/health, false",
        "/actuator/health/liveness, false",
        "/, false",
        "/index.html, false",
        "/assets/app.js, false",
        "/sandbox/x/2/tweets, false",
        "/apix, false"
    })
    void guards_the_api_and_the_actuator_except_health(String path, boolean guarded) {
        assertThat(ApiTokenFilter.isGuarded(path)).isEqualTo(guarded);
    }
}
