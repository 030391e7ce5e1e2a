package dev.puppetengine.social.sandbox;

import dev.puppetengine.social.twitter.XEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query parameters X accepts on each endpoint the sandbox serves, read from {@code x-api-v2-openapi.wire.json}
 * (the names {@code api.x.com} speaks): their names, the allowed values of the field and expansion lists, patterns,
 * ranges and date-times. {@link #check} finds what X would answer 400 to.
 */
final class SandboxWireSpec {

    static final String LOCATION = "/x-api-v2-openapi.wire.json";

    /** One query parameter as the file describes it. */
    record Parameter(
            String name,
            boolean required,
            boolean list,
            Set<String> allowed,
            @Nullable Pattern pattern,
            @Nullable Long minimum,
            @Nullable Long maximum,
            boolean dateTime) {}

    /** What is wrong with a request, in the words X uses. */
    record Violation(String parameter, String value, String message) {}

    private final Map<XEndpoint, Map<String, Parameter>> parameters;

    private SandboxWireSpec(Map<XEndpoint, Map<String, Parameter>> parameters) {
        this.parameters = parameters;
    }

    static SandboxWireSpec load(JsonMapper json) {
        try (InputStream in = SandboxWireSpec.class.getResourceAsStream(LOCATION)) {
            if (in == null) {
                throw new IllegalStateException(LOCATION + " is not on the class path");
            }
            return from(json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SandboxWireSpec from(JsonNode root) {
        Map<XEndpoint, Map<String, Parameter>> byEndpoint = new EnumMap<>(XEndpoint.class);
        for (XEndpoint endpoint : XEndpoint.values()) {
            JsonNode operation = root.path("paths")
                    .path(endpoint.pathTemplate())
                    .path(endpoint.method().toLowerCase(Locale.ROOT));
            if (operation.isMissingNode()) {
                throw new IllegalStateException(endpoint + " is not in " + LOCATION);
            }
            Map<String, Parameter> query = new LinkedHashMap<>();
            for (JsonNode reference : operation.path("parameters").values()) {
                JsonNode parameter = resolve(root, reference);
                if (parameter.path("in").asString("").equals("query")) {
                    Parameter read = parameter(parameter);
                    query.put(read.name(), read);
                }
            }
            byEndpoint.put(endpoint, Map.copyOf(query));
        }
        return new SandboxWireSpec(byEndpoint);
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        String ref = node.path("$ref").asString("");
        if (ref.isEmpty()) {
            return node;
        }
        JsonNode target = root;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }

    private static Parameter parameter(JsonNode parameter) {
        JsonNode schema = parameter.path("schema");
        boolean list = schema.path("type").asString("").equals("array");
        JsonNode values = list ? schema.path("items").path("enum") : schema.path("enum");
        Set<String> allowed = new LinkedHashSet<>();
        for (JsonNode value : values.values()) {
            allowed.add(value.asString());
        }
        String pattern = schema.path("pattern").asString("");
        return new Parameter(
                parameter.path("name").asString(),
                parameter.path("required").asBoolean(false),
                list,
                Set.copyOf(allowed),
                pattern.isEmpty() ? null : Pattern.compile(pattern),
                schema.has("minimum") ? schema.path("minimum").asLong() : null,
                schema.has("maximum") ? schema.path("maximum").asLong() : null,
                schema.path("format").asString("").equals("date-time"));
    }

    /** The query parameters the endpoint accepts. */
    Set<String> names(XEndpoint endpoint) {
        return parameters.getOrDefault(endpoint, Map.of()).keySet();
    }

    /** What X would refuse in this query (names with every value sent), in order; empty when it is fine. */
    List<Violation> check(XEndpoint endpoint, Map<String, String[]> query) {
        Map<String, Parameter> known = parameters.getOrDefault(endpoint, Map.of());
        List<Violation> violations = new ArrayList<>();
        for (Map.Entry<String, String[]> entry : query.entrySet()) {
            String name = entry.getKey();
            String[] sent = entry.getValue();
            Parameter parameter = known.get(name);
            if (parameter == null) {
                violations.add(new Violation(
                        name,
                        String.join(",", sent),
                        "The query parameter [" + name + "] is not one of [" + String.join(",", sorted(known.keySet()))
                                + "]"));
                continue;
            }
            if (sent.length > 1) {
                violations.add(new Violation(
                        name,
                        String.join(",", sent),
                        "Duplicate parameters are not allowed: the `" + name + "` query parameter"));
                continue;
            }
            violations.addAll(checkValue(parameter, sent.length == 0 ? "" : sent[0]));
        }
        for (Parameter parameter : known.values()) {
            if (parameter.required() && !query.containsKey(parameter.name())) {
                violations.add(new Violation(
                        parameter.name(), "", "The `" + parameter.name() + "` query parameter can not be empty"));
            }
        }
        return violations;
    }

    private static List<Violation> checkValue(Parameter parameter, String value) {
        String name = parameter.name();
        if (value.isEmpty()) {
            return List.of(new Violation(name, value, "The `" + name + "` query parameter can not be empty"));
        }
        if (parameter.list()) {
            List<Violation> violations = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (String item : value.split(",", -1)) {
                if (!parameter.allowed().isEmpty() && !parameter.allowed().contains(item)) {
                    violations.add(new Violation(
                            name,
                            item,
                            "The `" + name + "` query parameter value [" + item + "] is not one of ["
                                    + String.join(",", sorted(parameter.allowed())) + "]"));
                } else if (!seen.add(item)) {
                    violations.add(new Violation(
                            name, item, "The `" + name + "` query parameter value [" + item + "] is repeated"));
                }
            }
            return violations;
        }
        if (!parameter.allowed().isEmpty() && !parameter.allowed().contains(value)) {
            return List.of(notValid(name, value));
        }
        if (parameter.pattern() != null && !parameter.pattern().matcher(value).find()) {
            return List.of(notValid(name, value));
        }
        if (parameter.minimum() != null || parameter.maximum() != null) {
            long number;
            try {
                number = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return List.of(notValid(name, value));
            }
            Long min = parameter.minimum();
            Long max = parameter.maximum();
            if ((min != null && number < min) || (max != null && number > max)) {
                return List.of(new Violation(
                        name,
                        value,
                        "The `" + name + "` query parameter value [" + value + "] is not between "
                                + (min == null ? "" : min) + " and " + (max == null ? "" : max)));
            }
        }
        if (parameter.dateTime()) {
            try {
                OffsetDateTime.parse(value);
            } catch (DateTimeParseException e) {
                return List.of(new Violation(
                        name,
                        value,
                        "Invalid '" + name + "':'" + value + "'. '" + name
                                + "' must be a valid RFC 3339 date-time, e.g. 2026-11-25T10:00:00Z"));
            }
        }
        return List.of();
    }

    private static Violation notValid(String name, String value) {
        return new Violation(name, value, "The `" + name + "` query parameter value [" + value + "] is not valid");
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
