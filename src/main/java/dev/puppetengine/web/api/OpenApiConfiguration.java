package dev.puppetengine.web.api;

import dev.puppetengine.PuppetEngineApplication;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document of the operator API ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}): springdoc
 * infers the operations, parameters and bodies from the controllers; this adds what it cannot see — the bearer token
 * every operation needs, and that every error is an RFC 9457 problem ({@code application/problem+json}). Only {@code /api/**} is described:
 * the sandbox's X API is X's own, described by {@code x-api-v2-openapi.wire.json}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "operatorToken";
    static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI operatorApi() {
        String version = PuppetEngineApplication.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info()
                        .title("Puppet Engine operator API")
                        .version(version == null ? "dev" : version)
                        .description("Steer a cast of personas (README, Operating). Every call needs the operator"
                                + " token: 'Authorization: Bearer TOKEN', the token being PUPPET_API_TOKEN or"
                                + " the contents of DATA_DIR/api-token. Every error is application/problem+json."))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("PUPPET_API_TOKEN, or the contents of DATA_DIR/api-token")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** RFC 9457 as {@link Problems} writes it; members beyond the five (field, errorId, mayPostAt…) are allowed. */
    private static Schema<Object> problemSchema() {
        Schema<Object> problem = new ObjectSchema()
                .description("An RFC 9457 problem. A 400 names the bad input in 'field' (a parameter or a JSON"
                        + " pointer); a 500 carries an 'errorId' that the log has with the stack trace.")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("field", new StringSchema().example("/importance"))
                .addProperty("errorId", new StringSchema());
        problem.setRequired(List.of("type", "title", "status"));
        problem.setAdditionalProperties(Boolean.TRUE);
        return problem;
    }

    /**
     * Every operation: its error answers are problems. Springdoc's guesses for error statuses (a {@code *}{@code /*}
     * body of {@code ProblemDetail} from the exception handlers) are replaced by the one {@link #PROBLEM} schema, and
     * a {@code default} problem answer covers every other error status (400, 401, 404, 406, 413, 415, 421, 500…).
     */
    @Bean
    OpenApiCustomizer problemAnswers() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> {
                Map<PathItem.HttpMethod, Operation> operations = path.readOperationsMap();
                operations.values().forEach(OpenApiConfiguration::answerProblems);
            });
        };
    }

    /**
     * Names that follow the path, not the Java method: the tag is the resource ({@code /api/agents/…} →
     * {@code agents}), the operation id the method and path ({@code GET /api/agents/{id}/memories} →
     * {@code getAgentsByIdMemories}), stable for client generators. A server-sent event stream is text, not the
     * {@code SseEmitter} that springdoc sees.
     */
    @Bean
    OpenApiCustomizer namesFromPaths() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        String[] segments = path.replaceFirst("^/api/", "").split("/");
                        operation.setTags(List.of(segments[0]));
                        StringBuilder id = new StringBuilder(method.name().toLowerCase(Locale.ROOT));
                        for (String segment : segments) {
                            String word =
                                    segment.startsWith("{") ? segment.substring(1, segment.length() - 1) : segment;
                            id.append(segment.startsWith("{") ? "By" : "")
                                    .append(Character.toUpperCase(word.charAt(0)))
                                    .append(word.substring(1));
                        }
                        operation.setOperationId(id.toString().replace("-", ""));
                        if (operation.getResponses() != null) {
                            operation.getResponses().values().forEach(response -> streamsText(openApi, response));
                        }
                    }));
        };
    }

    private static void streamsText(OpenAPI openApi, ApiResponse response) {
        MediaType stream =
                response.getContent() == null ? null : response.getContent().get("text/event-stream");
        if (stream == null) {
            return;
        }
        if (stream.getSchema() != null && stream.getSchema().get$ref() != null && openApi.getComponents() != null) {
            openApi.getComponents()
                    .getSchemas()
                    .remove(stream.getSchema().get$ref().replace("#/components/schemas/", ""));
        }
        stream.setSchema(new StringSchema().description("server-sent events (text/event-stream)"));
    }

    /**
     * A {@code Map<String, Object>} (an event's {@code data}) holds any JSON value, but swagger-core says
     * {@code additionalProperties: {type: object}}: such maps say {@code additionalProperties: true}.
     */
    @Bean
    OpenApiCustomizer anyValueMaps() {
        return openApi -> {
            if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
                openApi.getComponents().getSchemas().values().forEach(OpenApiConfiguration::anyValues);
            }
        };
    }

    private static void anyValues(Schema<?> schema) {
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            if (values.get$ref() == null
                    && "object".equals(values.getType())
                    && values.getProperties() == null
                    && values.getAdditionalProperties() == null) {
                schema.setAdditionalProperties(Boolean.TRUE);
            } else {
                anyValues(values);
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(OpenApiConfiguration::anyValues);
        }
        if (schema.getItems() != null) {
            anyValues(schema.getItems());
        }
        if (schema.getAllOf() != null) {
            schema.getAllOf().forEach(OpenApiConfiguration::anyValues);
        }
    }

    @Bean
    OpenApiCustomizer nullableComponents(
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        return new NullableComponents(mappings);
    }

    private static void answerProblems(Operation operation) {
        ApiResponses responses = operation.getResponses();
        if (responses == null) {
            responses = new ApiResponses();
            operation.setResponses(responses);
        }
        responses.forEach((status, response) -> {
            if (!status.startsWith("2")) {
                response.setContent(problemContent());
            }
        });
        responses.addApiResponse(
                "default",
                new ApiResponse().description("An error, as a problem").content(problemContent()));
    }

    private static Content problemContent() {
        return new Content()
                .addMediaType(
                        PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }
}
