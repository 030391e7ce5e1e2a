package dev.puppetengine.persona;

import java.util.List;
import java.util.Optional;

/** A {@link PersonaCatalog} fake holding one persona, for tests that need a catalog but no config dir. */
public record OnePersonaCatalog(PersonaSpec persona) implements PersonaCatalog {

    @Override
    public List<PersonaSpec> listPersonas() {
        return List.of(persona);
    }

    @Override
    public Optional<PersonaSpec> findPersona(PersonaId id) {
        return id.equals(persona.id()) ? Optional.of(persona) : Optional.empty();
    }

    @Override
    public List<PersonaProblem> problems() {
        return List.of();
    }

    @Override
    public void reload() {}

    @Override
    public Creation create(String document) {
        return new AlreadyExists(persona.id());
    }
}
