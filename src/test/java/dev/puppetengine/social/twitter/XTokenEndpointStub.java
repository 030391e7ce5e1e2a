package dev.puppetengine.social.twitter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * X's token endpoint on WireMock, in X's wire format: {@code POST /2/oauth2/token}, form body, answers
 * {@code {token_type, expires_in, access_token, scope, refresh_token}}. Refresh tokens rotate as on X: refresh token
 * {@code refresh-N} is honoured once, answering {@code access-N+1}/{@code refresh-N+1}, and refused afterwards with
 * X's 400 {@code invalid_request}. The state lives in the WireMock server, so it outlasts a client process.
 */
public final class XTokenEndpointStub {

    public static final String SCOPE = "tweet.read tweet.write users.read like.write offline.access";
    public static final String INVALID =
            "{\"error\":\"invalid_request\",\"error_description\":\"Value passed for the token" + " was invalid.\"}";
    private static final String ROTATION = "refresh-token-rotation";

    private XTokenEndpointStub() {}

    /** The answer X gives for a new pair number {@code n}. */
    public static String answer(int n) {
        return "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"access-" + n + "\",\"scope\":\""
                + SCOPE + "\",\"refresh_token\":\"refresh-" + n + "\"}";
    }

    /** Refresh tokens {@code refresh-0 … refresh-(count-1)} are each honoured once, in order; anything else is 400. */
    public static void stubRotations(WireMockServer x, int count) {
        x.stubFor(post(urlPathEqualTo(XOAuth2TokenEndpoint.PATH))
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody(INVALID)));
        for (int n = 0; n < count; n++) {
            x.stubFor(post(urlPathEqualTo(XOAuth2TokenEndpoint.PATH))
                    .atPriority(1)
                    .inScenario(ROTATION)
                    .whenScenarioStateIs(n == 0 ? Scenario.STARTED : "refresh-" + n)
                    .withFormParam("grant_type", equalTo("refresh_token"))
                    .withFormParam("refresh_token", equalTo("refresh-" + n))
                    .willSetStateTo("refresh-" + (n + 1))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "application/json")
                            .withBody(answer(n + 1))));
        }
    }

    /** The code exchange: {@code code} (with any verifier) answers pair 0. */
    public static void stubExchange(WireMockServer x, String code) {
        x.stubFor(post(urlPathEqualTo(XOAuth2TokenEndpoint.PATH))
                .atPriority(1)
                .withFormParam("grant_type", equalTo("authorization_code"))
                .withFormParam("code", equalTo(code))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(answer(0))));
    }
}
