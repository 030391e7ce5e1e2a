package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.social.SocialNetwork;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which network account belongs to which configured persona, learned from each persona's own account ({@code me},
 * read once per persona and cached by its client): a post by another persona is a persona-to-persona interaction,
 * whose relationship is kept under that persona's id and whose thread has a turn cap (DESIGN §4.5). Thread-safe.
 */
public final class Cast {

    private final PersonaCatalog catalog;
    private final Function<PersonaSpec, SocialNetwork> networks;
    private final Map<String, PersonaId> byAccount = new ConcurrentHashMap<>();
    private final Map<PersonaId, String> accounts = new ConcurrentHashMap<>();

    public Cast(PersonaCatalog catalog, Function<PersonaSpec, SocialNetwork> networks) {
        this.catalog = Objects.requireNonNull(catalog);
        this.networks = Objects.requireNonNull(networks);
    }

    /** The configured persona whose account {@code accountId} is, if any. */
    public Optional<PersonaSpec> findPersonaByAccount(String accountId) {
        PersonaId known = byAccount.get(accountId);
        if (known == null) {
            for (PersonaSpec persona : catalog.listPersonas()) {
                if (!accounts.containsKey(persona.id()) && accountId.equals(findAccountId(persona))) {
                    break;
                }
            }
            known = byAccount.get(accountId);
        }
        return known == null ? Optional.empty() : catalog.findPersona(known);
    }

    /** The account id of the persona, or null while its network cannot say. */
    public @Nullable String findAccountId(PersonaSpec persona) {
        String known = accounts.get(persona.id());
        if (known != null) {
            return known;
        }
        try {
            String id = networks.apply(persona).me().id();
            accounts.put(persona.id(), id);
            byAccount.put(id, persona.id());
            return id;
        } catch (ExternalServiceException e) {
            return null;
        }
    }

    /** The relationship counterpart id of an account: the persona's id for a persona, else {@code x:<id>}. */
    public String counterpartOf(String accountId) {
        return findPersonaByAccount(accountId)
                .map(persona -> persona.id().value())
                .orElse("x:" + accountId);
    }
}
