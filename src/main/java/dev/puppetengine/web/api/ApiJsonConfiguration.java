package dev.puppetengine.web.api;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.Secret;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * JSON of the domain types in API responses: a {@link PersonaId} is its string, and a {@link Secret} is only ever
 * written as {@link Secret#redacted()}, so no response can carry a secret value even by mistake.
 */
@Configuration(proxyBeanMethods = false)
class ApiJsonConfiguration {

    @Bean
    JacksonModule puppetApiJsonModule() {
        return new SimpleModule("puppet-api")
                .addSerializer(Secret.class, new RedactedSecretSerializer())
                .addSerializer(PersonaId.class, new PersonaIdSerializer())
                .addDeserializer(PersonaId.class, new PersonaIdDeserializer());
    }

    static final class RedactedSecretSerializer extends StdSerializer<Secret> {
        RedactedSecretSerializer() {
            super(Secret.class);
        }

        @Override
        public void serialize(Secret secret, JsonGenerator generator, SerializationContext context) {
            generator.writeString(secret.redacted());
        }
    }

    static final class PersonaIdSerializer extends StdSerializer<PersonaId> {
        PersonaIdSerializer() {
            super(PersonaId.class);
        }

        @Override
        public void serialize(PersonaId id, JsonGenerator generator, SerializationContext context) {
            generator.writeString(id.value());
        }
    }

    static final class PersonaIdDeserializer extends StdDeserializer<PersonaId> {
        PersonaIdDeserializer() {
            super(PersonaId.class);
        }

        @Override
        public PersonaId deserialize(JsonParser parser, DeserializationContext context) {
            return PersonaId.of(parser.getValueAsString());
        }
    }
}
