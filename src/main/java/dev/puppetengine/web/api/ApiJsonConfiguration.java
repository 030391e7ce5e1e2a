package dev.puppetengine.web.api;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.Secret;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.yaml.JacksonYamlHttpMessageConverter;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON of the API. Responses: a {@link PersonaId} is its string, and a {@link Secret} is only ever written as
 * {@link Secret#redacted()}, so no response can carry a secret value even by mistake. Request bodies are JSON only
 * and strictly typed: no string to number or boolean coercion (nor back), no fraction truncated to a whole number,
 * no null for a primitive, no duplicate keys, nothing after the value; a failure names the field ({@link
 * ApiProblems}). An {@code Accept} header that cannot be parsed or satisfied is refused with 406 before the
 * controller runs, so no write happens for an answer the client cannot take.
 */
@Configuration(proxyBeanMethods = false)
class ApiJsonConfiguration implements WebMvcConfigurer {

    private final ObjectProvider<JsonMapper> jsonMapper;

    ApiJsonConfiguration(ObjectProvider<JsonMapper> jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    static JsonMapper.Builder strict(JsonMapper.Builder builder) {
        return builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Integer, refuse(CoercionInputShape.Float))
                // A whole number is a fine fraction: {"importance": 1}.
                .withCoercionConfig(LogicalType.Float, refuse())
                .withCoercionConfig(LogicalType.Boolean, refuse(CoercionInputShape.Integer, CoercionInputShape.Float))
                .withCoercionConfig(LogicalType.Textual, config -> {
                    config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
                    config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
                    config.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                });
    }

    /** Refuses strings (empty ones too) for the type, and the {@code others} shapes. */
    private static Consumer<MutableCoercionConfig> refuse(CoercionInputShape... others) {
        return config -> {
            config.setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
            for (CoercionInputShape shape : others) {
                config.setCoercion(shape, CoercionAction.Fail);
            }
        };
    }

    /** JSON bodies strictly typed; YAML would read request bodies around those rules, so the API speaks JSON only. */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(converters -> {
            JacksonJsonHttpMessageConverter strictJson = new JacksonJsonHttpMessageConverter(
                    strict(jsonMapper.getObject().rebuild()).build());
            converters.removeIf(converter -> converter instanceof JacksonYamlHttpMessageConverter);
            // Boot's JSON converter, in its place (after the String converter), the same mapper made strict.
            converters.replaceAll(
                    converter -> converter instanceof JacksonJsonHttpMessageConverter ? strictJson : converter);
        });
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AcceptableAnswer()).addPathPatterns("/api/**");
        registry.addInterceptor(new ConcreteContentType());
    }

    /** Refuses a {@code Content-Type} that is garbage or a wildcard ({@code *}{@code /*}) with 415. */
    static final class ConcreteContentType implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                throws HttpMediaTypeNotSupportedException {
            String header = request.getHeader(HttpHeaders.CONTENT_TYPE);
            if (header == null || !(handler instanceof HandlerMethod)) {
                return true;
            }
            MediaType type;
            try {
                type = MediaType.parseMediaType(header);
            } catch (InvalidMediaTypeException garbage) {
                throw new HttpMediaTypeNotSupportedException("The Content-Type header could not be parsed.");
            }
            if (!type.isConcrete()) {
                throw new HttpMediaTypeNotSupportedException(
                        type, List.of(MediaType.APPLICATION_JSON), HttpMethod.valueOf(request.getMethod()));
            }
            return true;
        }
    }

    /** Refuses, before the handler runs, an {@code Accept} that is garbage or names nothing JSON. */
    static final class AcceptableAnswer implements HandlerInterceptor {

        private static final List<MediaType> ANSWERS =
                List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                throws HttpMediaTypeNotAcceptableException {
            if (!(handler instanceof HandlerMethod)
                    || request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE) != null) {
                // Mappings with "produces" were already matched against Accept by Spring.
                return true;
            }
            List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
            if (accept.isEmpty()) {
                return true;
            }
            List<MediaType> wanted;
            try {
                wanted = MediaType.parseMediaTypes(accept);
            } catch (InvalidMediaTypeException garbage) {
                throw new HttpMediaTypeNotAcceptableException("The Accept header could not be parsed.");
            }
            boolean json = wanted.stream()
                    .filter(type -> type.getQualityValue() > 0)
                    .anyMatch(type -> ANSWERS.stream().anyMatch(type::isCompatibleWith));
            if (!json) {
                throw new HttpMediaTypeNotAcceptableException(ANSWERS);
            }
            return true;
        }
    }

    @Bean
    JacksonModule puppetApiJsonModule() {
        return apiModule();
    }

    /** How the API writes secrets (redacted), persona ids and approval modes, and reads persona ids. */
    static JacksonModule apiModule() {
        return new SimpleModule("puppet-api")
                .addSerializer(Secret.class, new RedactedSecretSerializer())
                .addSerializer(PersonaId.class, new PersonaIdSerializer())
                .addSerializer(PersonaSpec.Approval.class, new ApprovalSerializer())
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

    /** A persona's approval mode as its file spells it: {@code off}, {@code replies}, {@code all}. */
    static final class ApprovalSerializer extends StdSerializer<PersonaSpec.Approval> {
        ApprovalSerializer() {
            super(PersonaSpec.Approval.class);
        }

        @Override
        public void serialize(PersonaSpec.Approval approval, JsonGenerator generator, SerializationContext context) {
            generator.writeString(approval.wireName());
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
