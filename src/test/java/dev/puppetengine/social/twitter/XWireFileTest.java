package dev.puppetengine.social.twitter;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.model.Request;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The wire file check catches what {@code api.x.com} would refuse or never send. */
class XWireFileTest {

    private static final Map<String, List<String>> SIGNED = Map.of("Authorization", List.of("OAuth oauth_token=\"t\""));
    private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"));

    private static List<String> get(String pathAndQuery) {
        return XWireFile.requestErrors(XWireFile.request("GET", URI.create(pathAndQuery), "", SIGNED, null));
    }

    private static List<String> lookup(String body) {
        return XWireFile.responseErrors("/2/tweets/20", Request.Method.GET, XWireFile.response(200, JSON, body));
    }

    @Nested
    class Requests {

        @Test
        void accept_the_fields_and_expansions_the_client_asks_for() {
            assertThat(get("/2/tweets/20?tweet.fields=" + TwitterApiV2Client.TWEET_FIELDS + "&expansions="
                            + TwitterApiV2Client.EXPANSIONS + "&user.fields=" + TwitterApiV2Client.USER_FIELDS))
                    .isEmpty();
        }

        @Test
        void refuse_the_renamed_parameter_and_expansion() {
            assertThat(get("/2/tweets/20?post.fields=created_at")).isNotEmpty();
            assertThat(get("/2/tweets/20?expansions=referenced_posts")).isNotEmpty();
        }

        @Test
        void refuse_an_unknown_field_and_an_unknown_parameter() {
            assertThat(get("/2/tweets/20?tweet.fields=created_at,colour")).isNotEmpty();
            assertThat(get("/2/users/1/mentions?sort=newest")).isNotEmpty();
        }
    }

    @Nested
    class Responses {

        @Test
        void accept_a_post_with_its_references_and_includes() {
            assertThat(lookup("{\"data\":{\"id\":\"20\",\"text\":\"hi\",\"edit_history_tweet_ids\":[\"20\"],"
                            + "\"author_id\":\"1\",\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"19\"}]},"
                            + "\"includes\":{\"tweets\":[{\"id\":\"19\",\"text\":\"yo\",\"edit_history_tweet_ids\":[\"19\"]}],"
                            + "\"users\":[{\"id\":\"1\",\"name\":\"Ada\",\"username\":\"ada\"}]}}"))
                    .isEmpty();
        }

        @Test
        void refuse_the_renamed_properties() {
            assertThat(lookup("{\"data\":{\"id\":\"20\",\"text\":\"hi\",\"edit_history_post_ids\":[\"20\"]}}"))
                    .isNotEmpty();
            assertThat(lookup("{\"data\":{\"id\":\"20\",\"text\":\"hi\","
                            + "\"referenced_posts\":[{\"type\":\"replied_to\",\"id\":\"19\"}]}}"))
                    .isNotEmpty();
            assertThat(lookup("{\"data\":{\"id\":\"20\",\"text\":\"hi\"},\"includes\":{\"posts\":[]}}"))
                    .isNotEmpty();
        }

        @Test
        void refuse_a_post_or_user_without_xs_default_fields() {
            assertThat(lookup("{\"data\":{\"id\":\"20\",\"text\":\"hi\"}}")).isNotEmpty();
            assertThat(lookup("{\"data\":{\"id\":\"20\",\"text\":\"hi\",\"edit_history_tweet_ids\":[\"20\"]},"
                            + "\"includes\":{\"users\":[{\"id\":\"1\"}]}}"))
                    .isNotEmpty();
        }

        @Test
        void refuse_a_numeric_id_and_a_missing_required_property() {
            assertThat(lookup("{\"data\":{\"id\":20,\"text\":\"hi\",\"edit_history_tweet_ids\":[\"20\"]}}"))
                    .isNotEmpty();
            assertThat(XWireFile.responseErrors(
                            "/2/tweets/20", Request.Method.DELETE, XWireFile.response(200, JSON, "{\"data\":{}}")))
                    .isNotEmpty();
        }
    }
}
