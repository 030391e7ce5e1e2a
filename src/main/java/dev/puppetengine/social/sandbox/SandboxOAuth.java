package dev.puppetengine.social.sandbox;

import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.services.HMACSha1SignatureService;
import com.github.scribejava.core.utils.OAuthEncoder;
import dev.puppetengine.social.twitter.OAuth1Signer;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks OAuth 1.0a (HMAC-SHA1) signatures as X does: the access token names the user, the consumer key must be the
 * one issued with it, and the signature over method, URL, query and {@code oauth_*} parameters must match. The
 * signature base string is built by scribejava, the same code that signs on the client side.
 */
final class SandboxOAuth {

    private static final Pattern PARAMETER = Pattern.compile("(oauth_[a-z_]+)=\"([^\"]*)\"");

    private final SandboxNetwork network;
    private final HMACSha1SignatureService signatures = new HMACSha1SignatureService();

    SandboxOAuth(SandboxNetwork network) {
        this.network = network;
    }

    /** The signing user, or empty when the request is not signed right (X then answers 401). */
    Optional<SandboxUser> authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "OAuth ", 0, 6)) {
            return Optional.empty();
        }
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
        return valid ? user : Optional.empty();
    }
}
