package dev.puppetengine.persona.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.persona.format.PersonaDocuments.FileResult;
import dev.puppetengine.persona.format.PersonaDocuments.Syntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The persona example in the README is a valid persona file, so a user can copy it. */
class ReadmeExampleTest {

    @Test
    void the_readme_persona_example_validates_without_problems() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## Persona files"));
        int start = section.indexOf("```json\n") + "```json\n".length();
        String example = section.substring(start, section.indexOf("```", start));
        PersonaDocuments documents = new PersonaDocuments(name -> name.startsWith("X_") ? "value" : null);

        FileResult result = documents.read(example, Syntax.JSON, "README.md", "juniper.json");

        assertThat(result.problems()).isEmpty();
        assertThat(result.valid()).isTrue();
    }
}
