package dev.puppetengine.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.web.api.ApiToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The whole engine over raw HTTP (issue 8, done-when 1 and 2 and the body-size half of 3): every {@code /api} and
 * {@code /actuator} route the running context maps, through path variants that a token check on the raw URI would
 * miss; the Host check; the security headers; body limits; the same-origin rule for cookie writes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:web-guard-it;DB_CLOSE_DELAY=-1",
            "puppet.config-dir=config/agents",
            "puppet.memory.embedder=hashing",
            "puppet.allowed-hosts=puppet.example.test, Other.Example.Test",
            ApiToken.ENV_VARIABLE + "=" + WebGuardIT.TOKEN
        })
class WebGuardIT {

    static final String TOKEN = "web-guard-it-token";
    private static final Map<String, String> BEARER = Map.of("Authorization", "Bearer " + TOKEN);
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Set<String> PUBLIC = Set.of("/actuator/health", "/actuator/health/**");

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) throws IOException {
        String dataDir = Files.createTempDirectory("web-guard-it").toString();
        registry.add("puppet.data-dir", () -> dataDir);
    }

    @LocalServerPort
    int port;

    @Autowired
    List<RequestMappingInfoHandlerMapping> mappings;

    RawHttp http() {
        return new RawHttp(port);
    }

    record Route(String method, String path) {
        boolean hasBody() {
            return !method.equals("GET") && !method.equals("HEAD") && !method.equals("DELETE");
        }

        String body() {
            return hasBody() ? "{}" : "";
        }

        Map<String, String> headers(Map<String, String> more) {
            Map<String, String> headers = new java.util.LinkedHashMap<>(hasBody() ? JSON_BODY : Map.of());
            headers.putAll(more);
            return headers;
        }
    }

    /** Every guarded route of the running context, variables replaced by real values (a sample persona's id). */
    List<Route> guardedRoutes() {
        Set<Route> routes = new LinkedHashSet<>();
        for (RequestMappingInfoHandlerMapping mapping : mappings) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (!(pattern.startsWith("/api") || pattern.startsWith("/actuator")) || PUBLIC.contains(pattern)) {
                        continue;
                    }
                    String path = concrete(pattern);
                    if (methods.isEmpty()) {
                        routes.add(new Route("GET", path));
                    }
                    methods.forEach(method -> routes.add(new Route(method.name(), path)));
                }
            }
        }
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparing(Route::path).thenComparing(Route::method));
        return sorted;
    }

    private static String concrete(String pattern) {
        Matcher variable = VARIABLE.matcher(pattern.replace("/**", ""));
        StringBuilder path = new StringBuilder();
        while (variable.find()) {
            variable.appendReplacement(path, variable.group(1).equals("id") ? "tess" : "1");
        }
        variable.appendTail(path);
        return path.toString();
    }

    /** Spellings of {@code path} that a server might route to it, none of them the canonical one. */
    static List<String> variants(String path, int port) {
        List<String> segments = List.of(path.substring(1).split("/"));
        Set<String> variants = new LinkedHashSet<>();
        for (int i = 0; i < segments.size(); i++) {
            variants.add(replaceSegment(segments, i, segments.get(i) + ";x=y"));
            variants.add(replaceSegment(segments, i, segments.get(i) + ";"));
            variants.add(replaceSegment(segments, i, percentEncodeFirstLetter(segments.get(i))));
            variants.add(replaceSegment(segments, i, segments.get(i).toUpperCase(Locale.ROOT)));
            variants.add(replaceSegment(segments, i, capitalised(segments.get(i))));
        }
        int second = path.indexOf('/', 1);
        String first = second < 0 ? path : path.substring(0, second);
        String rest = second < 0 ? "/" : path.substring(second);
        variants.add(path + ";");
        variants.add(path + ";jsessionid=x");
        variants.add(first + "%2F" + rest.substring(1));
        variants.add(first + "%2f" + rest.substring(1));
        variants.add(first + "%5C" + rest.substring(1));
        variants.add(first + "\\" + rest.substring(1));
        variants.add(first + "/." + rest);
        variants.add(first + "/%2e" + rest);
        variants.add(first + "/%2E" + rest);
        variants.add("/x/.." + path);
        variants.add("/x/%2e%2e" + path);
        variants.add("/actuator/health/../.." + path);
        variants.add("/actuator/health/..;/.." + path);
        variants.add("/.;" + path);
        variants.add("/;" + path);
        variants.add("/" + path);
        variants.add(first + "/" + rest);
        variants.add(path + "/");
        variants.add(path + "/.");
        variants.add(path + "%09");
        variants.add(path + "\t");
        variants.add(path + "%00");
        variants.add(path + "%20");
        variants.add("/%2561" + path.substring(2));
        variants.add(path.chars()
                .mapToObj(c -> Character.isLetter(c) ? "%%%02X".formatted(c) : String.valueOf((char) c))
                .reduce("", String::concat));
        variants.add("http://127.0.0.1:" + port
                + percentEncodeFirstLetter(path.substring(1)).transform(p -> "/" + p));
        variants.remove(path);
        return List.copyOf(variants);
    }

    private static String replaceSegment(List<String> segments, int index, String replacement) {
        List<String> changed = new ArrayList<>(segments);
        changed.set(index, replacement);
        return "/" + String.join("/", changed);
    }

    private static String percentEncodeFirstLetter(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            if (Character.isLetter(segment.charAt(i))) {
                return segment.substring(0, i) + "%%%02X".formatted((int) segment.charAt(i)) + segment.substring(i + 1);
            }
        }
        return segment;
    }

    private static String capitalised(String segment) {
        return segment.isEmpty() ? segment : Character.toUpperCase(segment.charAt(0)) + segment.substring(1);
    }

    @Nested
    class PathVariants {

        @Test
        void the_route_list_comes_from_the_running_context() {
            assertThat(guardedRoutes())
                    .contains(
                            new Route("GET", "/api/status"),
                            new Route("PATCH", "/api/agents/tess"),
                            new Route("POST", "/api/sandbox/posts"),
                            new Route("GET", "/api/sandbox/timeline/stream"),
                            new Route("GET", "/actuator/prometheus"))
                    .hasSizeGreaterThan(15);
        }

        @Test
        void no_variant_of_a_guarded_route_answers_2xx_or_500_without_the_token() throws IOException {
            List<String> answered = new ArrayList<>();
            int sent = 0;
            for (Route route : guardedRoutes()) {
                List<String> variants = variants(route.path(), port);
                assertThat(variants).hasSizeGreaterThanOrEqualTo(20);
                for (String variant : variants) {
                    RawHttp.Response response =
                            http().send(route.method(), variant, route.headers(Map.of()), route.body());
                    sent++;
                    if (response.status() < 300 || response.status() >= 500) {
                        answered.add(route.method() + " " + variant + " -> " + response);
                    }
                }
            }
            assertThat(answered).as("of %d requests", sent).isEmpty();
        }

        @Test
        void every_canonical_route_answers_with_the_token_and_401_without() throws IOException {
            for (Route route : guardedRoutes()) {
                RawHttp.Response without =
                        http().send(route.method(), route.path(), route.headers(Map.of()), route.body());
                RawHttp.Response with = http().send(route.method(), route.path(), route.headers(BEARER), route.body());

                assertThat(without.status())
                        .as("%s without token: %s", route, without)
                        .isEqualTo(401);
                assertThat(without.header("Content-Type")).hasValue("application/problem+json");
                assertThat(with.status()).as("%s with token: %s", route, with).isNotIn(401, 403, 421);
            }
        }

        @Test
        void an_ambiguous_path_is_a_400_problem_before_routing() throws IOException {
            RawHttp.Response response = http().send("GET", "/api;x=y/agents", BEARER, "");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("\"status\":400");
        }

        @Test
        void health_stays_open() throws IOException {
            assertThat(http().send("GET", "/actuator/health", Map.of(), "").status())
                    .isEqualTo(200);
            assertThat(http().send("GET", "/actuator/health/liveness", Map.of(), "")
                            .status())
                    .isNotIn(401, 403);
        }
    }

    @Nested
    class HostCheck {

        @Test
        void a_foreign_host_is_refused_with_421_on_every_route() throws IOException {
            List<Route> routes = new ArrayList<>(guardedRoutes());
            routes.add(new Route("GET", "/"));
            routes.add(new Route("GET", "/dashboard.js"));
            routes.add(new Route("GET", "/actuator/health"));
            routes.add(new Route("GET", "/sandbox/x/2/users/me"));
            routes.add(new Route("POST", "/sandbox/x/2/tweets"));
            for (Route route : routes) {
                RawHttp.Response response = http().send(
                                route.method(), route.path(), route.headers(withHost("evil.example")), route.body());

                assertThat(response.status()).as("%s: %s", route, response).isEqualTo(421);
                assertThat(response.header("Content-Type")).hasValue("application/problem+json");
                assertThat(response.body()).contains("puppet.allowed-hosts");
            }
        }

        @Test
        void loopback_names_and_allowed_hosts_pass() throws IOException {
            for (String host : List.of(
                    "localhost:" + port,
                    "127.0.0.1:" + port,
                    "127.1.2.3",
                    "[::1]:" + port,
                    "LOCALHOST",
                    "puppet.example.test",
                    "other.example.test:443")) {
                assertThat(http().send("GET", "/api/status", withHost(host), "").status())
                        .as(host)
                        .isEqualTo(200);
            }
        }

        @Test
        void look_alike_hosts_are_refused() throws IOException {
            for (String host : List.of(
                    "localhost.evil.example",
                    "127.0.0.1.evil.example",
                    "127.0.0.256",
                    "evil.example:" + port,
                    "puppet.example.test.evil")) {
                assertThat(http().send("GET", "/", withHost(host), "").status())
                        .as(host)
                        .isEqualTo(421);
            }
        }

        private Map<String, String> withHost(String host) {
            Map<String, String> headers = new java.util.LinkedHashMap<>(BEARER);
            headers.put("Host", host);
            return headers;
        }
    }

    @Nested
    class Headers {

        @Test
        void the_dashboard_an_api_answer_and_errors_carry_the_security_headers() throws IOException {
            RawHttp.Response dashboard = http().send("GET", "/", Map.of(), "");
            RawHttp.Response api = http().send("GET", "/api/status", BEARER, "");
            RawHttp.Response notFound = http().send("GET", "/api/agents/nobody", BEARER, "");
            RawHttp.Response unauthorized = http().send("GET", "/api/status", Map.of(), "");
            Map<String, RawHttp.Response> answers = Map.of(
                    "dashboard", dashboard,
                    "script", http().send("GET", "/dashboard.js", Map.of(), ""),
                    "api", api,
                    "api 404", notFound,
                    "401", unauthorized,
                    "firewall 400", http().send("GET", "/api;x=y/status", Map.of(), ""),
                    "421", http().send("GET", "/", Map.of("Host", "evil.example"), ""));

            answers.forEach((name, response) -> {
                assertThat(response.header("X-Content-Type-Options")).as(name).hasValue("nosniff");
                assertThat(response.header("X-Frame-Options")).as(name).hasValue("DENY");
                assertThat(response.header("Referrer-Policy")).as(name).hasValue("no-referrer");
                assertThat(response.header("Content-Security-Policy"))
                        .as(name)
                        .hasValueSatisfying(policy -> assertThat(policy)
                                .startsWith("default-src 'self'")
                                .contains("frame-ancestors 'none'", "script-src 'self'")
                                .doesNotContain("unsafe-inline", "unsafe-eval"));
            });
            assertThat(dashboard.status()).isEqualTo(200);
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(List.of(api, notFound, unauthorized))
                    .allSatisfy(
                            answer -> assertThat(answer.header("Cache-Control")).hasValue("no-store"));
        }

        @Test
        void no_dashboard_page_has_inline_script_or_style() throws IOException {
            List<String> pages;
            try (Stream<Path> files = Files.list(Path.of("src/main/resources/static"))) {
                pages = files.map(file -> file.getFileName().toString())
                        .filter(name -> name.endsWith(".html"))
                        .toList();
            }
            assertThat(pages).contains("index.html");

            for (String name : pages) {
                String page = http().send("GET", "/" + name, Map.of(), "").body();

                assertThat(page).as(name).contains("<script type=\"module\" src=\"/js/");
                assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)")
                                .matcher(page)
                                .find())
                        .as(name)
                        .isFalse();
                assertThat(page).as(name).doesNotContain("<style", " style=", " onclick=", " onsubmit=", "javascript:");
            }
        }
    }

    @Nested
    class BodyLimits {

        @Test
        void a_12_mb_content_length_is_refused_before_the_body_arrives() throws IOException {
            String head = "POST /api/sandbox/posts HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                    + TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: 12582912\r\n\r\n";
            byte[] someBody =
                    ("{\"author\": \"someone\", \"text\": \"" + "x".repeat(4096)).getBytes(StandardCharsets.UTF_8);

            // only 4 KB of the promised 12 MB are ever sent: an answer at all proves the server did not wait
            RawHttp.Response response = http().sendRaw(concat(head.getBytes(StandardCharsets.UTF_8), someBody), false);

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("puppet.api.max-body-size");
            assertThat(response.header("Connection")).hasValue("close");
        }

        @Test
        void a_chunked_body_is_refused_as_soon_as_it_grows_past_the_limit() throws IOException {
            StringBuilder raw = new StringBuilder("POST /api/sandbox/posts HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "x".repeat(64 * 1024);
            for (int i = 0; i < 17; i++) {
                raw.append(Integer.toHexString(chunk.length()))
                        .append("\r\n")
                        .append(chunk)
                        .append("\r\n");
            }

            // 1.06 MB sent and the body never ends (no last chunk): the answer comes while it is still open
            RawHttp.Response response = http().sendRaw(raw.toString().getBytes(StandardCharsets.UTF_8), false);

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("Content-Type")).hasValue("application/problem+json");
        }

        @Test
        void a_chunked_body_within_the_limit_reaches_the_handler() throws IOException {
            String json = "{\"author\": \"chunky\", \"text\": \"sent in chunks\"}";
            String raw = "POST /api/sandbox/posts HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                    + TOKEN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close"
                    + "\r\n\r\n" + Integer.toHexString(10) + "\r\n" + json.substring(0, 10) + "\r\n"
                    + Integer.toHexString(json.length() - 10) + "\r\n" + json.substring(10) + "\r\n0\r\n\r\n";

            RawHttp.Response response = http().sendRaw(raw.getBytes(StandardCharsets.UTF_8), false);

            assertThat(response.status()).as("%s", response).isEqualTo(201);
            assertThat(response.body()).contains("sent in chunks");
        }

        @Test
        void the_sandbox_x_api_has_the_same_limit() throws IOException {
            String head = "POST /sandbox/x/2/tweets HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: 12582912\r\n\r\n{\"text\": \"";

            assertThat(http().sendRaw(head.getBytes(StandardCharsets.UTF_8), false)
                            .status())
                    .isEqualTo(413);
        }

        private static byte[] concat(byte[] first, byte[] second) {
            byte[] both = new byte[first.length + second.length];
            System.arraycopy(first, 0, both, 0, first.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            return both;
        }
    }

    @Nested
    class CookieWrites {

        private static int posts;

        /** A new text each time: the sandbox refuses duplicates as X does. */
        private static String post() {
            return "{\"author\": \"visitor\", \"text\": \"hello from a page, take " + ++posts + "\"}";
        }

        private Map<String, String> cookie(Map<String, String> more) {
            Map<String, String> headers = new java.util.LinkedHashMap<>(JSON_BODY);
            headers.put("Cookie", ApiTokenAuthenticationFilter.COOKIE_NAME + "=" + TOKEN);
            headers.putAll(more);
            return headers;
        }

        @Test
        void a_cross_site_post_with_the_cookie_is_refused() throws IOException {
            for (Map<String, String> crossSite : List.of(
                    Map.of("Origin", "http://evil.example"),
                    Map.of("Sec-Fetch-Site", "cross-site"),
                    Map.of("Origin", "http://127.0.0.1:1", "Sec-Fetch-Site", "same-site"),
                    Map.of("Origin", "null"),
                    Map.<String, String>of())) {
                RawHttp.Response response = http().send("POST", "/api/sandbox/posts", cookie(crossSite), post());

                assertThat(response.status()).as("%s: %s", crossSite, response).isEqualTo(403);
                assertThat(response.header("Content-Type")).hasValue("application/problem+json");
            }
        }

        @Test
        void the_dashboard_s_own_post_with_the_cookie_passes() throws IOException {
            RawHttp.Response response = http().send(
                            "POST",
                            "/api/sandbox/posts",
                            cookie(Map.of("Origin", "http://127.0.0.1:" + port, "Sec-Fetch-Site", "same-origin")),
                            post());

            assertThat(response.status()).as("%s", response).isEqualTo(201);
        }

        @Test
        void a_bearer_post_needs_no_origin() throws IOException {
            Map<String, String> headers = new java.util.LinkedHashMap<>(JSON_BODY);
            headers.putAll(BEARER);
            headers.put("Origin", "http://evil.example");

            assertThat(http().send("POST", "/api/sandbox/posts", headers, post())
                            .status())
                    .isEqualTo(201);
        }

        @Test
        void reading_with_the_cookie_needs_no_origin() throws IOException {
            assertThat(http().send("GET", "/api/status", cookie(Map.of()), "").status())
                    .isEqualTo(200);
        }
    }
}
