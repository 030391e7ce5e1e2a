package dev.puppetengine.social.twitter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.puppetengine.persona.PersonaId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The browser part of {@code ./puppet x-login PERSONA}: OAuth 2.0 authorization code flow with PKCE (S256, RFC 7636)
 * and a random {@code state}, through a one-shot HTTP server on {@code 127.0.0.1} that receives X's redirect to
 * {@code /callback}. A callback whose {@code state} is not this login's is refused (400) and the login goes on
 * waiting; the right one is exchanged for the token pair, which is stored encrypted for the persona before the
 * browser is told it worked. Nothing here prints or logs a token, the code or the verifier.
 */
public final class XOAuth2Login {

    static final String CALLBACK_PATH = "/callback";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final XOAuth2Properties properties;
    private final XOAuth2TokenEndpoint endpoint;
    private final JdbcXOAuth2TokenStore store;

    public XOAuth2Login(XOAuth2Properties properties, XOAuth2TokenEndpoint endpoint, JdbcXOAuth2TokenStore store) {
        this.properties = properties;
        this.endpoint = endpoint;
        this.store = store;
    }

    /** Starts the callback server on {@code port} of 127.0.0.1 (0: a free one); close the result to stop it. */
    public Pending begin(PersonaId persona, int port) throws IOException {
        return new Pending(persona, port);
    }

    /** A started login: open {@link #authorizeUrl()} in a browser, then {@link #await}. */
    public final class Pending implements AutoCloseable {
        private final PersonaId persona;
        private final String state = random(32);
        private final String verifier = random(64);
        private final HttpServer server;
        private final URI redirectUri;
        private final CompletableFuture<XOAuth2Token> result = new CompletableFuture<>();
        private final AtomicBoolean exchanging = new AtomicBoolean();

        private Pending(PersonaId persona, int port) throws IOException {
            this.persona = persona;
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            this.redirectUri =
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + CALLBACK_PATH);
            server.createContext(CALLBACK_PATH, this::callback);
            server.start();
        }

        /** Where X sends the browser back; it must be a callback URL of the app in the X developer portal. */
        public URI redirectUri() {
            return redirectUri;
        }

        /** X's consent page for this login. */
        public URI authorizeUrl() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("response_type", "code");
            query.put("client_id", endpoint.clientId());
            query.put("redirect_uri", redirectUri.toString());
            query.put("scope", properties.scopes());
            query.put("state", state);
            query.put("code_challenge", challenge(verifier));
            query.put("code_challenge_method", "S256");
            String base = properties.authorizeUrl().toString();
            return URI.create(base
                    + (base.contains("?") ? "&" : "?")
                    + query.entrySet().stream()
                            .map(e -> e.getKey() + "=" + encode(e.getValue()))
                            .collect(Collectors.joining("&")));
        }

        /**
         * Waits for the callback and the exchange; returns the stored pair. Throws {@link TimeoutException} when no
         * valid callback came within {@code timeout}, {@link LoginFailed} when X refused or the user denied access.
         */
        public XOAuth2Token await(Duration timeout) throws TimeoutException, InterruptedException {
            try {
                return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException failed) {
                Throwable cause = failed.getCause();
                throw cause instanceof LoginFailed login ? login : new LoginFailed(String.valueOf(cause), cause);
            }
        }

        private void callback(HttpExchange exchange) throws IOException {
            try (exchange) {
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                if (!"GET".equals(exchange.getRequestMethod())) {
                    respond(exchange, 405, "Only GET is expected here.");
                    return;
                }
                if (!MessageDigest.isEqual(
                        state.getBytes(StandardCharsets.UTF_8),
                        query.getOrDefault("state", "").getBytes(StandardCharsets.UTF_8))) {
                    respond(
                            exchange,
                            400,
                            "This callback does not belong to the login that ./puppet x-login started"
                                    + " (state does not match); it was ignored.");
                    return;
                }
                if (!exchanging.compareAndSet(false, true)) {
                    respond(exchange, 409, "This login has already received its callback.");
                    return;
                }
                String error = query.getOrDefault("error", "");
                String code = query.getOrDefault("code", "");
                if (!error.isEmpty() || code.isEmpty()) {
                    String reason = error.isEmpty() ? "no code" : oneWord(error);
                    respond(exchange, 400, "X did not authorize the app (" + reason + "). Run ./puppet x-login again.");
                    result.completeExceptionally(new LoginFailed("X did not authorize the app (" + reason + ")", null));
                    return;
                }
                // the browser gets its answer before the login completes: the caller stops this server then
                XOAuth2Token token;
                try {
                    token = endpoint.exchange(code, verifier, redirectUri);
                    store.save(persona, endpoint.clientId(), token);
                } catch (RuntimeException failed) {
                    try {
                        respond(exchange, 502, "The login failed: " + failed.getMessage());
                    } finally {
                        result.completeExceptionally(new LoginFailed(String.valueOf(failed.getMessage()), failed));
                    }
                    return;
                } catch (Error failed) {
                    result.completeExceptionally(failed);
                    throw failed;
                }
                try {
                    respond(exchange, 200, "Persona " + persona + " is logged in to X. You can close this tab.");
                } finally {
                    result.complete(token);
                }
            }
        }

        @Override
        public void close() {
            server.stop(1);
        }
    }

    /** The login did not produce a token; the message says why (never a secret). */
    public static final class LoginFailed extends RuntimeException {
        public LoginFailed(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = ("<!doctype html><meta charset=utf-8><title>Puppet Engine x-login</title><p>" + html(text))
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(@Nullable String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(key, value);
        }
        return values;
    }

    /** An unreserved-alphabet random string (base64url of {@code length * 3 / 4} bytes). */
    static String random(int length) {
        byte[] bytes = new byte[length * 3 / 4];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** S256: base64url(SHA-256(verifier)) without padding. */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String oneWord(String value) {
        return value.matches("[A-Za-z0-9_.-]{1,60}") ? value : "an unexpected error";
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
