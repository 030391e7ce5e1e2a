package dev.puppetengine.web.api;

import java.nio.charset.StandardCharsets;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.test.web.servlet.setup.StandaloneMockMvcBuilder;
import tools.jackson.databind.json.JsonMapper;

/** Standalone MockMvc for API controllers, answering as the app does: its problems, its strict JSON, its module. */
final class ApiMvc {

    private ApiMvc() {}

    static StandaloneMockMvcBuilder standalone(Object... controllers) {
        return MockMvcBuilders.standaloneSetup(controllers)
                .setControllerAdvice(new ApiProblems())
                .setMessageConverters(
                        new StringHttpMessageConverter(StandardCharsets.UTF_8),
                        new JacksonJsonHttpMessageConverter(ApiJsonConfiguration.strict(JsonMapper.builder()
                                        .addModule(ApiJsonConfiguration.apiModule())
                                        .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class))
                                .build()));
    }
}
