package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(OutputCaptureExtension.class)
class ApiProblemsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Probe probe = new Probe();
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(probe)
            .setControllerAdvice(new ApiProblems())
            .setMessageConverters(new JacksonJsonHttpMessageConverter(ApiJsonConfiguration.strict(
                            JsonMapper.builder().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class))
                    .build()))
            .addMappedInterceptors(new String[] {"/api/**"}, new ApiJsonConfiguration.AcceptableAnswer())
            .addInterceptors(new ApiJsonConfiguration.ConcreteContentType())
            .build();

    /** A body with one field of each JSON type. */
    record Body(
            @Nullable String text,
            @Nullable Double ratio,
            @Nullable Boolean flag,
            @Nullable Integer count,
            int n) {}

    @RestController
    static final class Probe {
        final AtomicInteger writes = new AtomicInteger();

        @GetMapping("/api/fails")
        String fails() {
            throw new IllegalStateException("SELECT secret FROM table failed");
        }

        @PostMapping("/api/body")
        Map<String, Object> body(@RequestBody Body body) {
            writes.incrementAndGet();
            return Map.of("ok", true);
        }
    }

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    private MvcResult post(String body) throws Exception {
        return perform(MockMvcRequestBuilders.post("/api/body")
                .contentType("application/json")
                .content(body));
    }

    private static JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    @Nested
    class An_unexpected_exception {

        @Test
        void is_a_500_problem_whose_error_id_is_in_the_log_with_the_stack_trace(CapturedOutput log) throws Exception {
            MvcResult result = perform(MockMvcRequestBuilders.get("/api/fails"));

            assertThat(result.getResponse().getStatus()).isEqualTo(500);
            assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
            JsonNode problem = json(result);
            String errorId = problem.get("errorId").asString();
            assertThat(errorId).matches("[0-9a-f-]{36}");
            assertThat(problem.get("status").asInt()).isEqualTo(500);
            assertThat(problem.get("instance").asString()).isEqualTo("/api/fails");
            String body = result.getResponse().getContentAsString();
            assertThat(body).doesNotContain("IllegalStateException", "SELECT", "secret", "\tat ", ".java:");
            assertThat(log.getOut())
                    .contains("ERROR", "errorId=" + errorId, "java.lang.IllegalStateException: SELECT secret")
                    .contains("at dev.puppetengine.web.api.ApiProblemsTest$Probe.fails");
        }
    }

    @Nested
    class Strict_json {

        @Test
        void names_the_field_and_both_types_and_coerces_nothing() throws Exception {
            Map<String, String> details = Map.ofEntries(
                    Map.entry("{\"n\": 1, \"ratio\": \"0.5\"}", "/ratio: must be a number, not a string"),
                    Map.entry("{\"n\": 1, \"ratio\": true}", "/ratio: must be a number, not a boolean"),
                    Map.entry("{\"n\": 1, \"flag\": \"true\"}", "/flag: must be true or false, not a string"),
                    Map.entry("{\"n\": 1, \"flag\": 1}", "/flag: must be true or false, not a whole number"),
                    Map.entry("{\"n\": 1, \"count\": \"3\"}", "/count: must be a whole number, not a string"),
                    Map.entry("{\"n\": 1, \"count\": 1.5}", "/count: must be a whole number, not a fraction"),
                    Map.entry("{\"n\": 1, \"text\": 42}", "/text: must be a string, not a whole number"),
                    Map.entry("{\"n\": 1, \"text\": false}", "/text: must be a string, not a boolean"),
                    Map.entry("{\"n\": 1, \"text\": {}}", "/text: must be a string, not an object"),
                    Map.entry("{\"n\": null}", "/n: must be a whole number, not null"),
                    Map.entry("{\"n\": 1, \"n\": 2}", "/n: is a duplicate key"),
                    Map.entry("{\"n\": 1} {}", "body: must be one JSON value with nothing after it"),
                    Map.entry("[]", "body: must be an object, not an array"),
                    Map.entry("{\"n\": 1, \"count\": 99999999999}", "/count: is out of range"),
                    Map.entry("", "body: must be a JSON object (the request body is missing or unreadable)"));
            for (var entry : details.entrySet()) {
                MvcResult result = post(entry.getKey());

                assertThat(result.getResponse().getStatus()).as(entry.getKey()).isEqualTo(400);
                assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
                assertThat(json(result).get("detail").asString())
                        .as(entry.getKey())
                        .isEqualTo(entry.getValue());
            }
            assertThat(probe.writes).hasValue(0);
        }

        @Test
        void malformed_json_says_where() throws Exception {
            JsonNode problem = json(post("{\"n\": 1,,}"));

            assertThat(problem.get("detail").asString()).isEqualTo("/n: is not valid JSON (line 1, column 9)");
        }
    }

    @Nested
    class Media_types {

        @Test
        void a_garbage_or_unsatisfiable_accept_is_a_406_before_the_controller_runs() throws Exception {
            for (String accept : new String[] {"???", "text/html", "image/png", "application/json;q=0"}) {
                MvcResult result = perform(MockMvcRequestBuilders.post("/api/body")
                        .contentType("application/json")
                        .header("Accept", accept)
                        .content("{\"n\": 1}"));

                assertThat(result.getResponse().getStatus()).as(accept).isEqualTo(406);
                assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
                assertThat(json(result).get("status").asInt()).isEqualTo(406);
            }
            assertThat(probe.writes).hasValue(0);
        }

        @Test
        void a_wildcard_or_garbage_content_type_is_a_415() throws Exception {
            for (String type : new String[] {"*/*", "application/*", "???", "text/plain", "application/xml"}) {
                MvcResult result = perform(MockMvcRequestBuilders.post("/api/body")
                        .header("Content-Type", type)
                        .content("{\"n\": 1}"));

                assertThat(result.getResponse().getStatus()).as(type).isEqualTo(415);
                assertThat(json(result).get("status").asInt()).isEqualTo(415);
            }
        }
    }

    @Nested
    class The_error_page {

        private final ProblemErrorController controller = new ProblemErrorController(new DefaultErrorAttributes());

        private MockHttpServletResponse render(MockHttpServletRequest request) throws Exception {
            MockHttpServletResponse response = new MockHttpServletResponse();
            controller.error(request, response);
            return response;
        }

        private static MockHttpServletRequest errorDispatch(int status) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
            request.addHeader("Accept", "text/html");
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
            request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/api/agents");
            return request;
        }

        @Test
        void renders_the_status_and_message_of_send_error_as_problem_json() throws Exception {
            MockHttpServletRequest request = errorDispatch(400);
            request.setAttribute(RequestDispatcher.ERROR_MESSAGE, "The request was rejected: it has a ';'.");

            MockHttpServletResponse response = render(request);

            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(response.getContentType()).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(response.getContentAsString());
            assertThat(problem.get("status").asInt()).isEqualTo(400);
            assertThat(problem.get("title").asString()).isEqualTo("Bad Request");
            assertThat(problem.get("detail").asString()).isEqualTo("The request was rejected: it has a ';'.");
            assertThat(problem.get("instance").asString()).isEqualTo("/api/agents");
        }

        @Test
        void a_failure_outside_the_controllers_is_a_500_with_a_logged_error_id(CapturedOutput log) throws Exception {
            MockHttpServletRequest request = errorDispatch(500);
            request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("filter broke: SQL"));

            MockHttpServletResponse response = render(request);

            JsonNode problem = JSON.readTree(response.getContentAsString());
            assertThat(response.getStatus()).isEqualTo(500);
            assertThat(response.getContentAsString()).doesNotContain("SQL", "IllegalStateException");
            assertThat(log.getOut())
                    .contains("errorId=" + problem.get("errorId").asString())
                    .contains("filter broke: SQL");
        }

        @Test
        void asked_for_directly_it_is_a_404() throws Exception {
            MockHttpServletResponse response = render(new MockHttpServletRequest("GET", "/error"));

            assertThat(response.getStatus()).isEqualTo(404);
            assertThat(JSON.readTree(response.getContentAsString())
                            .get("status")
                            .asInt())
                    .isEqualTo(404);
        }
    }
}
