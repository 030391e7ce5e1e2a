package dev.puppetengine.social.sandbox;

import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.services.HMACSha1SignatureService;
import com.github.scribejava.core.utils.OAuthEncoder;
import dev.puppetengine.social.twitter.OAuth1Signer;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks OAuth 1.0a (HMAC-SHA1) signatures as X does: the access token names the user, the consumer key must be the
 * one issued with it, and the signature over method, URL, query and {@code oauth_*} parameters must match. The
 * signature base string is built by scribejava, the same code that signs on the client side. The timestamp must be
 * within 5 real minutes of the engine's clock — 5 minutes times {@code puppet.speed} of persona time, so a request
 * the engine signed at x3600 is not stale by the time a loaded machine checks it — and a nonce is good for one request
 * (per consumer key, remembered for twice that window). App-only {@code Bearer} tokens name an app: the sandbox account
 * whose consumer key the token was derived from ({@link #bearerToken}).
 */
final class SandboxOAuth {

    /** Who made a request: a user (OAuth 1.0a user context), or an app alone (a Bearer token; reads only). */
    record Caller(SandboxUser user, boolean appOnly) {}

    static final Duration TIMESTAMP_WINDOW = Duration.ofMinutes(5);
    private static final int MAX_NONCES = 100_000;
    private static final String BEARER_PREFIX = "AAAAAAAAAAAAAAAAAAAAA";
    private static final Pattern PARAMETER = Pattern.compile("(oauth_[a-z_]+)=\"([^\"]*)\"");

    private final SandboxNetwork network;
    private final Clock clock;
    private final Duration window;
    private final HMACSha1SignatureService signatures = new HMACSha1SignatureService();
    private final Map<String, Instant> nonces = new ConcurrentHashMap<>();
    private final Queue<Map.Entry<String, Instant>> nonceOrder = new ConcurrentLinkedQueue<>();

    /** {@code speed}: how much faster than real time {@code clock} runs ({@code puppet.speed}, at least 1). */
    SandboxOAuth(SandboxNetwork network, Clock clock, double speed) {
        this.network = network;
        this.clock = clock;
        this.window = Duration.ofMillis(Math.round(TIMESTAMP_WINDOW.toMillis() * Math.max(1, speed)));
    }

    /** The app-only Bearer token of an account's app: derived from its consumer key and secret, so never stored. */
    static String bearerToken(SandboxUser.Keys keys) {
        return BEARER_PREFIX + keys.consumerKey() + "-" + mac(keys.consumerSecret(), "bearer:" + keys.consumerKey());
    }

    /** The caller, or empty when the request is not authenticated right (X then answers 401). */
    Optional<Caller> authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return app(header.substring(7).trim()).map(user -> new Caller(user, true));
        }
        if (header == null || !header.regionMatches(true, 0, "OAuth ", 0, 6)) {
            return Optional.empty();
        }
        return user(request, header).map(user -> new Caller(user, false));
    }

    private Optional<SandboxUser> app(String token) {
        int dash = token.indexOf('-');
        if (!token.startsWith(BEARER_PREFIX) || dash < 0) {
            return Optional.empty();
        }
        String consumerKey = token.substring(BEARER_PREFIX.length(), dash);
        return network.findUserByConsumerKey(consumerKey).filter(user -> {
            SandboxUser.Keys keys = user.keys();
            return keys != null
                    && MessageDigest.isEqual(
                            bearerToken(keys).getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
        });
    }

    private Optional<SandboxUser> user(HttpServletRequest request, String header) {
        Map<String, String> oauth = new HashMap<>();
        Matcher matcher = PARAMETER.matcher(header);
        while (matcher.find()) {
            oauth.put(matcher.group(1), OAuthEncoder.decode(matcher.group(2)));
        }
        String token = oauth.get("oauth_token");
        String consumerKey = oauth.get("oauth_consumer_key");
        String signature = oauth.remove("oauth_signature");
        if (token == null
                || consumerKey == null
                || signature == null
                || !"HMAC-SHA1".equals(oauth.get("oauth_signature_method"))) {
            return Optional.empty();
        }
        Optional<SandboxUser> user = network.findUserByAccessToken(token);
        SandboxUser.Keys keys = user.map(SandboxUser::keys).orElse(null);
        if (keys == null || !keys.consumerKey().equals(consumerKey)) {
            return Optional.empty();
        }
        String query = request.getQueryString();
        String url = request.getRequestURL() + (query == null ? "" : "?" + query);
        OAuthRequest signed = new OAuthRequest(Verb.valueOf(request.getMethod()), url);
        oauth.forEach(signed::addOAuthParameter);
        String base = OAuth1Signer.XOAuthApi.INSTANCE.getBaseStringExtractor().extract(signed);
        String expected = signatures.getSignature(base, keys.consumerSecret(), keys.accessTokenSecret());
        boolean valid = MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
        if (!valid || !fresh(oauth.get("oauth_timestamp")) || !firstUse(consumerKey, oauth.get("oauth_nonce"))) {
            return Optional.empty();
        }
        return user;
    }

    private boolean fresh(@Nullable String timestamp) {
        if (timestamp == null || !timestamp.matches("[0-9]{1,12}")) {
            return false;
        }
        long skew = Math.abs(Long.parseLong(timestamp) - clock.instant().getEpochSecond());
        return skew <= window.toSeconds();
    }

    /** Remembers the nonce; false when the consumer key used it before (a replayed request). */
    private boolean firstUse(String consumerKey, @Nullable String nonce) {
        if (nonce == null || nonce.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        forgetOldNonces(now);
        String key = consumerKey + " " + nonce;
        if (nonces.putIfAbsent(key, now) != null) {
            return false;
        }
        nonceOrder.add(Map.entry(key, now));
        return true;
    }

    private void forgetOldNonces(Instant now) {
        Instant horizon = now.minus(window.multipliedBy(2));
        for (Map.Entry<String, Instant> oldest = nonceOrder.peek();
                oldest != null && (oldest.getValue().isBefore(horizon) || nonces.size() > MAX_NONCES);
                oldest = nonceOrder.peek()) {
            nonceOrder.poll();
            nonces.remove(oldest.getKey(), oldest.getValue());
        }
    }

    private static String mac(String secret, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
