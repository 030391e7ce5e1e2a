package dev.puppetengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.agent.PersonaActivationChanged;
import dev.puppetengine.persona.PersonaId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./puppet run --port 0 --data-dir D} in-process (DESIGN §8, issue 2 "done when" 3): the real command, the
 * sample personas from {@code config/agents} plus one with credentials, the operator API over HTTP.
 */
class RunCommandIT {

    private static final Pattern RUNNING_LINE =
            Pattern.compile("^Puppet Engine running: (http://127\\.0\\.0\\.1:(\\d+)/)\\?token=([A-Za-z0-9_-]+)$");
    private static final List<String> SAMPLE_IDS = List.of("juniper", "marlow", "tess");
    private static final String LITERAL_SECRET = "literal-api-key-4f9a2c";
    private static final String WALLET_SECRET = "5KQwrPbwdL6PhXujxW37FSSQZ1JiwsST4cqQzDeyXtP7";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.shared();

    record Engine(ConfigurableApplicationContext context, URI base, String token, String output)
            implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    static Path configWithSamplesAndVault(Path root) throws IOException {
        Path config = Files.createDirectories(root.resolve("agents"));
        try (Stream<Path> samples = Files.list(Path.of("config/agents"))) {
            for (Path sample : samples.toList()) {
                Files.copy(sample, config.resolve(sample.getFileName()));
            }
        }
        Files.writeString(config.resolve("vault.json"), """
                {
                  "id": "vault",
                  "name": "Vault",
                  "description": "Holds credentials to prove they never leave.",
                  "twitter_credentials": {
                    "apiKey": "%s",
                    "apiKeySecret": "literal-api-key-secret-77",
                    "accessToken": "literal-access-token-88",
                    "accessTokenSecret": "literal-access-token-secret-99"
                  },
                  "behavior": {
                    "solana_integration": {"enabled": false, "private_key": "%s", "rpc_url": "http://127.0.0.1:1"}
                  }
                }
                """.formatted(LITERAL_SECRET, WALLET_SECRET));
        return config;
    }

    static Engine start(Path config, Path dataDir, String... moreArguments) {
        RunCommand command = new RunCommand();
        List<String> arguments = new java.util.ArrayList<>(
                List.of("--port", "0", "--data-dir", dataDir.toString(), "--config", config.toString()));
        arguments.addAll(List.of(moreArguments));
        new CommandLine(command).parseArgs(arguments.toArray(String[]::new));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ConfigurableApplicationContext context = command.launch(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String output = printed.toString(StandardCharsets.UTF_8);
        Matcher running = RUNNING_LINE.matcher(output.lines().findFirst().orElse(""));
        assertThat(running.matches()).as("first printed line: %s", output).isTrue();
        return new Engine(context, URI.create(running.group(1)), running.group(3), output);
    }

    HttpResponse<String> get(Engine engine, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(engine.base().resolve(path)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> authorizedGet(Engine engine, String path) throws Exception {
        return get(engine, path, Map.of("Authorization", "Bearer " + engine.token()));
    }

    HttpResponse<String> patch(Engine engine, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(engine.base().resolve(path))
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                        .header("Authorization", "Bearer " + engine.token())
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class OneRun {

        Path root;
        Engine engine;
        final List<PersonaActivationChanged> activations = new CopyOnWriteArrayList<>();

        @BeforeAll
        void start_the_engine(@TempDir Path temp) throws IOException {
            root = temp;
            engine = start(configWithSamplesAndVault(root), root.resolve("data"));
            engine.context().addApplicationListener(event -> {
                if (event instanceof PayloadApplicationEvent<?> payload
                        && payload.getPayload() instanceof PersonaActivationChanged changed) {
                    activations.add(changed);
                }
            });
        }

        @AfterAll
        void stop_the_engine() {
            engine.close();
        }

        @Test
        void prints_the_url_with_the_real_port_and_the_data_dir() throws IOException {
            assertThat(engine.base().getPort()).isPositive();
            assertThat(engine.token())
                    .isEqualTo(Files.readString(root.resolve("data/api-token")).trim());
            List<String> lines = engine.output().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(1))
                    .isEqualTo("Data directory: " + root.resolve("data").toAbsolutePath());
            assertThat(lines.get(2)).matches("Sandbox X API: http://127\\.0\\.0\\.1:[1-9][0-9]*/2/");
        }

        @Test
        void writes_the_generated_token_readable_by_the_owner_only() throws IOException {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data/api-token"))))
                    .isEqualTo("rw-------");
        }

        @Test
        void refuses_the_api_without_a_token() throws Exception {
            HttpResponse<String> response = get(engine, "/api/agents", Map.of());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(body(response).get("status").asInt()).isEqualTo(401);
            assertThat(response.body()).doesNotContain(engine.token());
        }

        @Test
        void refuses_a_wrong_token() throws Exception {
            HttpResponse<String> response =
                    get(engine, "/api/agents", Map.of("Authorization", "Bearer " + engine.token() + "x"));

            assertThat(response.statusCode()).isEqualTo(401);
        }

        @Test
        void lists_the_sample_personas_with_mood_and_state() throws Exception {
            HttpResponse<String> response = authorizedGet(engine, "/api/agents");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode agents = body(response);
            assertThat(agents.valueStream().map(agent -> agent.get("id").asString()))
                    .containsAll(SAMPLE_IDS)
                    .contains("vault");
            JsonNode juniper = agents.valueStream()
                    .filter(agent -> agent.get("id").asString().equals("juniper"))
                    .findFirst()
                    .orElseThrow();
            assertThat(juniper.get("name").asString()).isNotBlank();
            assertThat(juniper.get("active").asBoolean()).isTrue();
            assertThat(juniper.get("mood").get("valence").asDouble()).isEqualTo(0.0);
            assertThat(juniper.get("mood").get("arousal").asDouble()).isEqualTo(0.0);
            assertThat(juniper.get("mood").get("dominance").asDouble()).isEqualTo(0.5);
            assertThat(juniper.has("lastPostAt")).isTrue();
            assertThat(juniper.has("nextPostAt")).isTrue();
        }

        @Test
        void shows_a_persona_with_its_seeded_state() throws Exception {
            HttpResponse<String> response = authorizedGet(engine, "/api/agents/tess");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode tess = body(response);
            assertThat(tess.get("config").get("id").asString()).isEqualTo("tess");
            assertThat(tess.get("state").get("seededAt").isNull()).isFalse();
            assertThat(tess.get("state").get("memories").asLong()).isGreaterThanOrEqualTo(2);
        }

        @Test
        void never_returns_a_secret_value() throws Exception {
            HttpResponse<String> response = authorizedGet(engine, "/api/agents/vault");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body())
                    .doesNotContain(LITERAL_SECRET)
                    .doesNotContain("literal-access-token")
                    .doesNotContain(WALLET_SECRET)
                    .contains("[redacted]")
                    .contains("http://127.0.0.1:1");
        }

        @Test
        void answers_an_unknown_id_with_a_404_problem_naming_it() throws Exception {
            HttpResponse<String> response = authorizedGet(engine, "/api/agents/nobody-here");

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(body(response).get("id").asString()).isEqualTo("nobody-here");
            assertThat(patch(engine, "/api/agents/Not%20An%20Id", "{\"active\": false}")
                            .statusCode())
                    .isEqualTo(404);
        }

        @Test
        void rejects_a_bad_body_with_a_400_problem() throws Exception {
            HttpResponse<String> missing = patch(engine, "/api/agents/juniper", "{}");
            HttpResponse<String> malformed = patch(engine, "/api/agents/juniper", "{\"active\": ");

            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }

        @Test
        void pauses_and_resumes_a_persona_and_announces_it() throws Exception {
            HttpResponse<String> paused = patch(engine, "/api/agents/vault", "{\"active\": false}");

            assertThat(paused.statusCode()).isEqualTo(200);
            assertThat(body(paused).get("active").asBoolean()).isFalse();
            assertThat(body(authorizedGet(engine, "/api/agents/vault"))
                            .get("active")
                            .asBoolean())
                    .isFalse();

            HttpResponse<String> resumed = patch(engine, "/api/agents/vault", "{\"active\": true}");

            assertThat(body(resumed).get("active").asBoolean()).isTrue();
            assertThat(activations)
                    .containsExactly(
                            new PersonaActivationChanged(PersonaId.of("vault"), false),
                            new PersonaActivationChanged(PersonaId.of("vault"), true));
        }

        @Test
        void reports_status() throws Exception {
            JsonNode status = body(authorizedGet(engine, "/api/status"));

            assertThat(status.get("status").asString()).isEqualTo("ok");
            assertThat(status.get("mode").asString()).isEqualTo("sandbox");
            assertThat(status.get("network").asString()).isEqualTo("sandbox");
            assertThat(status.get("agents").asInt())
                    .isEqualTo(body(authorizedGet(engine, "/api/agents")).size())
                    .isGreaterThanOrEqualTo(SAMPLE_IDS.size() + 1);
            assertThat(status.get("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(status.get("version").asString()).isNotBlank();
        }

        @Test
        void shows_each_sample_persona_the_prompt_of_its_next_post_stable_sections_first() throws Exception {
            for (String id : SAMPLE_IDS) {
                HttpResponse<String> response = authorizedGet(engine, "/api/agents/" + id + "/context");
                assertThat(response.statusCode()).as(id).isEqualTo(200);
                JsonNode context = body(response);

                List<String> sections = context.get("sections")
                        .valueStream()
                        .map(s -> s.get("name").asString())
                        .toList();
                assertThat(sections).as(id).contains("persona", "style", "core_memories", "mood", "task");
                List<Boolean> stable = context.get("sections")
                        .valueStream()
                        .map(s -> s.get("stable").asBoolean())
                        .toList();
                assertThat(stable.indexOf(false))
                        .as(id + ": stable sections come first")
                        .isPositive();
                assertThat(stable.subList(stable.indexOf(false), stable.size()))
                        .as(id)
                        .doesNotContain(true);
                assertThat(context.get("messages").get(0).get("role").asString())
                        .isEqualTo("system");
                assertThat(context.get("messages").get(1).get("role").asString())
                        .isEqualTo("user");
                assertThat(context.get("stablePrefixTokens").asInt())
                        .as(id)
                        .isPositive()
                        .isLessThan(context.get("totalTokens").asInt());
            }
            String juniperCore = body(authorizedGet(engine, "/api/agents/juniper/memories?limit=200"))
                    .valueStream()
                    .filter(m -> m.get("type").asString().equals("core"))
                    .map(m -> m.get("content").asString())
                    .findFirst()
                    .orElseThrow();
            assertThat(body(authorizedGet(engine, "/api/agents/juniper/context"))
                            .get("messages")
                            .get(0)
                            .get("content")
                            .asString())
                    .contains(juniperCore);
            assertThat(authorizedGet(engine, "/api/agents/nobody/context").statusCode())
                    .isEqualTo(404);
        }

        @Test
        void says_when_personas_write_with_the_offline_composer_not_a_language_model() throws Exception {
            JsonNode status = body(authorizedGet(engine, "/api/status"));

            assertThat(status.get("models").size())
                    .isEqualTo(status.get("agents").asInt());
            assertThat(status.get("models").valueStream()).allSatisfy(model -> {
                assertThat(model.get("model").asString()).isEqualTo("offline");
                assertThat(model.get("languageModel").asBoolean()).isFalse();
            });
            assertThat(status.get("notice").asString()).contains("offline composer", "not a language model");
            assertThat(status.get("scheduleLagSeconds").isNumber())
                    .as("%s", status)
                    .isTrue();
            assertThat(status.get("scheduleLagSeconds").asDouble()).isNotNegative();
        }

        @Test
        void keeps_health_open_and_metrics_behind_the_token() throws Exception {
            assertThat(get(engine, "/actuator/health", Map.of()).statusCode()).isEqualTo(200);
            assertThat(get(engine, "/actuator/prometheus", Map.of()).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> metrics = authorizedGet(engine, "/actuator/prometheus");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).as("the schedule lag gauge").contains("puppet_schedule_lag_seconds ");
            assertThat(metrics.body())
                    .as("requests measured by Spring MVC, no security observations")
                    .contains("http_server_requests_seconds_count")
                    .doesNotContain("spring_security_");
        }

        @Test
        void opening_the_dashboard_with_the_token_sets_a_cookie_that_authenticates_the_api() throws Exception {
            HttpResponse<String> dashboard = get(engine, "/?token=" + engine.token(), Map.of());
            String cookie = dashboard.headers().firstValue("Set-Cookie").orElseThrow();

            assertThat(cookie).startsWith("puppet_token=").contains("HttpOnly").contains("SameSite=Strict");
            String pair = cookie.substring(0, cookie.indexOf(';'));
            assertThat(get(engine, "/api/status", Map.of("Cookie", pair)).statusCode())
                    .isEqualTo(200);
            assertThat(get(engine, "/?token=wrong", Map.of()).headers().firstValue("Set-Cookie"))
                    .isEmpty();
        }
    }

    @Test
    void keeps_state_and_memories_across_a_restart_without_reseeding(@TempDir Path root) throws Exception {
        Path config = configWithSamplesAndVault(root);
        Path dataDir = root.resolve("data");
        JsonNode before;
        String token;
        try (Engine first = start(config, dataDir)) {
            token = first.token();
            assertThat(patch(first, "/api/agents/marlow", "{\"active\": false}").statusCode())
                    .isEqualTo(200);
            before = details(first);
        }

        try (Engine second = start(config, dataDir)) {
            assertThat(second.token()).isEqualTo(token);
            JsonNode after = details(second);

            for (String id : SAMPLE_IDS) {
                assertThat(after.get(id).get("state").get("memories").asLong())
                        .as("memories of %s", id)
                        .isEqualTo(before.get(id).get("state").get("memories").asLong())
                        .isPositive();
                assertThat(after.get(id).get("state").get("relationships"))
                        .isEqualTo(before.get(id).get("state").get("relationships"));
                assertThat(after.get(id).get("state").get("seededAt"))
                        .isEqualTo(before.get(id).get("state").get("seededAt"));
                assertThat(after.get(id).get("mood")).isEqualTo(before.get(id).get("mood"));
            }
            assertThat(after.get("marlow").get("active").asBoolean()).isFalse();
            assertThat(after.get("juniper").get("active").asBoolean()).isTrue();
        }
    }

    @Test
    void runs_on_postgresql_when_given_a_db_url(@TempDir Path root) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Engine engine = start(
                        configWithSamplesAndVault(root),
                        root.resolve("data"),
                        "--db-url",
                        postgres.getJdbcUrl("postgres", "postgres"))) {
            assertThat(details(engine)
                            .get("juniper")
                            .get("state")
                            .get("memories")
                            .asLong())
                    .isPositive();
            assertThat(Files.exists(root.resolve("data/puppet.mv.db"))).isFalse();
            try (var connection = postgres.getPostgresDatabase().getConnection();
                    var rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM persona_state")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isGreaterThanOrEqualTo(SAMPLE_IDS.size());
            }
        }
    }

    private JsonNode details(Engine engine) throws Exception {
        var details = json.createObjectNode();
        for (String id : SAMPLE_IDS) {
            HttpResponse<String> response = authorizedGet(engine, "/api/agents/" + id);
            assertThat(response.statusCode()).isEqualTo(200);
            details.set(id, body(response));
        }
        return details;
    }
}
