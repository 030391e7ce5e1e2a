package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The recent-search queries that read a cast's mentions (DESIGN §6.2): the personas' handles ORed,
 * {@code @a OR @b …}, each query at most {@value #MAX_LENGTH} characters (X's limit); a cast whose handles do not fit
 * is split into several queries, in persona-id order. An X handle ({@code [A-Za-z0-9_]{1,15}}) needs no quoting or
 * escaping; a persona whose handle is not one is left out (it reads its own mentions).
 */
public final class CastQueries {

    /** X's limit on a recent-search query (self-serve access). */
    public static final int MAX_LENGTH = 512;

    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_]{1,15}");
    private static final String OR = " OR ";

    private CastQueries() {}

    /**
     * One query and the personas it covers, by their username in lower case.
     *
     * @param text the query as sent, e.g. {@code @ada OR @bob}
     */
    public record Query(String text, Map<String, PersonaId> personas) {
        public Query {
            Objects.requireNonNull(text);
            personas = Map.copyOf(personas);
        }

        /** The persona a username (any case, without {@code @}) belongs to, if the query covers it. */
        public java.util.Optional<PersonaId> findPersona(String username) {
            return java.util.Optional.ofNullable(personas.get(username.toLowerCase(Locale.ROOT)));
        }
    }

    /** The queries for {@code handles} (persona → its username, with or without {@code @}), fewest first-fit. */
    public static List<Query> plan(Map<PersonaId, String> handles) {
        return plan(handles, MAX_LENGTH);
    }

    static List<Query> plan(Map<PersonaId, String> handles, int maxLength) {
        List<Query> queries = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        Map<String, PersonaId> covered = new LinkedHashMap<>();
        List<Map.Entry<PersonaId, String>> ordered =
                handles.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        for (Map.Entry<PersonaId, String> entry : ordered) {
            String handle = entry.getValue().startsWith("@") ? entry.getValue().substring(1) : entry.getValue();
            String username = handle.toLowerCase(Locale.ROOT);
            if (!HANDLE.matcher(handle).matches() || covered.containsKey(username)) {
                continue;
            }
            String term = "@" + handle;
            if (!text.isEmpty() && text.length() + OR.length() + term.length() > maxLength) {
                queries.add(new Query(text.toString(), covered));
                text.setLength(0);
                covered = new LinkedHashMap<>();
            }
            if (!text.isEmpty()) {
                text.append(OR);
            }
            text.append(term);
            covered.put(username, entry.getKey());
        }
        if (!text.isEmpty()) {
            queries.add(new Query(text.toString(), covered));
        }
        return List.copyOf(queries);
    }
}
