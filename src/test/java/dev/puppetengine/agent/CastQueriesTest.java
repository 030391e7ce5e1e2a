package dev.puppetengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.social.Post;
import dev.puppetengine.social.SocialNetwork;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class CastQueriesTest {

    private static Map<PersonaId, String> cast(int size) {
        Map<PersonaId, String> handles = new LinkedHashMap<>();
        for (int i = size; i >= 1; i--) {
            handles.put(PersonaId.of("p%02d".formatted(i)), "persona_%02d_xyz".formatted(i));
        }
        return handles;
    }

    @Test
    void ors_the_handles_in_persona_order_in_one_query_when_they_fit() {
        List<CastQueries.Query> queries =
                CastQueries.plan(Map.of(PersonaId.of("bob"), "@Bob_2", PersonaId.of("ada"), "ada"));

        assertThat(queries).singleElement().satisfies(query -> {
            assertThat(query.text()).isEqualTo("@ada OR @Bob_2");
            assertThat(query.findPersona("BOB_2")).contains(PersonaId.of("bob"));
            assertThat(query.findPersona("ada")).contains(PersonaId.of("ada"));
            assertThat(query.findPersona("cy")).isEmpty();
        });
    }

    @Test
    void splits_a_cast_whose_handles_do_not_fit_in_512_characters() {
        // "@persona_01_xyz" is 15 characters, 19 with " OR ": 27 fit in 512 (27 * 19 - 4 = 509), the 28th does not
        List<CastQueries.Query> queries = CastQueries.plan(cast(40));

        assertThat(queries).hasSize(2);
        assertThat(queries).allSatisfy(q -> assertThat(q.text().length()).isLessThanOrEqualTo(512));
        assertThat(queries.get(0).personas()).hasSize(27);
        assertThat(queries.get(0).text())
                .startsWith("@persona_01_xyz OR @persona_02_xyz")
                .endsWith("@persona_27_xyz");
        assertThat(queries.get(1).text()).startsWith("@persona_28_xyz").endsWith("@persona_40_xyz");
        assertThat(queries.get(1).personas()).hasSize(13);
        assertThat(CastQueries.plan(cast(20))).hasSize(1);
    }

    @Test
    void leaves_out_a_handle_that_x_would_not_accept_and_a_duplicate() {
        Map<PersonaId, String> handles = new LinkedHashMap<>();
        handles.put(PersonaId.of("ada"), "ada");
        handles.put(PersonaId.of("bad"), "not a handle");
        handles.put(PersonaId.of("long"), "a_handle_of_16ch");
        handles.put(PersonaId.of("twin"), "ADA");
        handles.put(PersonaId.of("zed"), "@zed");

        assertThat(CastQueries.plan(handles)).singleElement().satisfies(query -> {
            assertThat(query.text()).isEqualTo("@ada OR @zed");
            assertThat(query.personas()).containsOnlyKeys("ada", "zed");
        });
        assertThat(CastQueries.plan(Map.of())).isEmpty();
    }

    @Test
    void routes_each_post_to_every_persona_it_addresses_oldest_first() {
        CastQueries.Query query = CastQueries.plan(
                        Map.of(PersonaId.of("ada"), "ada", PersonaId.of("bob"), "bob", PersonaId.of("cy"), "cy"))
                .getFirst();
        Post toBoth = post("11", "@ada @bob hello", null);
        Post replyToAda = post("12", "agreed", "5");
        Post toSomeoneElse = post("13", "@dan hi", null);

        Map<PersonaId, List<Post>> routed = CastMentions.route(
                query,
                List.of(
                        new SocialNetwork.Found(toBoth, Set.of("ada", "bob")),
                        new SocialNetwork.Found(replyToAda, Set.of("ada")),
                        new SocialNetwork.Found(toSomeoneElse, Set.of("dan"))));

        assertThat(routed).containsOnlyKeys(PersonaId.of("ada"), PersonaId.of("bob"));
        assertThat(routed.get(PersonaId.of("ada"))).containsExactly(toBoth, replyToAda);
        assertThat(routed.get(PersonaId.of("bob"))).containsExactly(toBoth);
    }

    private static Post post(String id, String text, @Nullable String inReplyTo) {
        return new Post(id, "900", "walker", text, id, inReplyTo, null, Instant.parse("2026-12-01T10:00:00Z"));
    }
}
