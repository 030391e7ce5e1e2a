package dev.puppetengine.persona.format;

import dev.puppetengine.persona.PersonaCatalog;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The persona catalog read from {@code puppet.config-dir} (default {@code config/agents}, relative to the cwd). */
@Configuration(proxyBeanMethods = false)
class PersonaCatalogConfiguration {

    @Bean
    PersonaCatalog personaCatalog(@Value("${puppet.config-dir:config/agents}") Path configDir) {
        return new ConfigDirPersonaCatalog(configDir, PersonaDocuments.withSystemEnvironment());
    }
}
