package dev.puppetengine.social.twitter;

import com.github.scribejava.core.builder.ServiceBuilder;
import com.github.scribejava.core.builder.api.DefaultApi10a;
import com.github.scribejava.core.model.OAuth1AccessToken;
import com.github.scribejava.core.model.OAuthRequest;
import com.github.scribejava.core.model.Verb;
import com.github.scribejava.core.oauth.OAuth10aService;
import dev.puppetengine.persona.PersonaSpec.OAuth1Credentials;
import java.net.URI;

/**
 * Signs X API requests with OAuth 1.0a user context (HMAC-SHA1, header form) through scribejava. The query string is
 * part of the signature; a JSON body is not (RFC 5849 §3.4.1.3). Holds the credentials; never prints them.
 */
public final class OAuth1Signer {

    private final OAuth10aService service;
    private final OAuth1AccessToken token;

    public OAuth1Signer(OAuth1Credentials credentials) {
        this.service = new ServiceBuilder(credentials.apiKey().value())
                .apiSecret(credentials.apiKeySecret().value())
                .build(XOAuthApi.INSTANCE);
        this.token = new OAuth1AccessToken(
                credentials.accessToken().value(),
                credentials.accessTokenSecret().value());
    }

    /** The {@code Authorization} header value for a request to {@code uri}. */
    public String authorization(String method, URI uri) {
        OAuthRequest request = new OAuthRequest(Verb.valueOf(method), uri.toString());
        service.signRequest(token, request);
        return java.util.Objects.requireNonNull(
                request.getHeaders().get("Authorization"), "scribejava signed no header");
    }

    @Override
    public String toString() {
        return "OAuth1Signer[redacted]";
    }

    /** X's OAuth 1.0a endpoints; only the signing part of scribejava is used (no token dance here). */
    public static final class XOAuthApi extends DefaultApi10a {
        public static final XOAuthApi INSTANCE = new XOAuthApi();

        private XOAuthApi() {}

        @Override
        public String getRequestTokenEndpoint() {
            return "https://api.x.com/oauth/request_token";
        }

        @Override
        public String getAccessTokenEndpoint() {
            return "https://api.x.com/oauth/access_token";
        }

        @Override
        protected String getAuthorizationBaseUrl() {
            return "https://api.x.com/oauth/authorize";
        }
    }
}
