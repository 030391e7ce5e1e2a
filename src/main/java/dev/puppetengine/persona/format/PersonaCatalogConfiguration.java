package dev.puppetengine.persona.format;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.shared.EngineProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The persona catalog read from {@code puppet.config-dir} ({@link EngineProperties#configDir()}, relative to the cwd). */
@Configuration(proxyBeanMethods = false)
class PersonaCatalogConfiguration {

    @Bean
    PersonaCatalog personaCatalog(EngineProperties engine) {
        return new ConfigDirPersonaCatalog(engine.configDir(), PersonaDocuments.withSystemEnvironment());
    }
}
