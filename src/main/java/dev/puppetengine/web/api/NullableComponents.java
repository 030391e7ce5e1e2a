package dev.puppetengine.web.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Marks {@code nullable} in the OpenAPI document every property whose record component is {@link Nullable}: the API
 * writes such a member as {@code null} (never leaves it out), which springdoc cannot see because JSpecify's
 * annotation sits on the type. The records are the ones the handlers take and answer, and everything they hold.
 */
final class NullableComponents implements OpenApiCustomizer {

    private final RequestMappingHandlerMapping mappings;

    NullableComponents(RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        for (Class<?> recordClass : reachableRecords()) {
            Schema<?> schema = schemas.get(recordClass.getSimpleName());
            if (schema == null || schema.getProperties() == null) {
                continue;
            }
            for (RecordComponent component : recordClass.getRecordComponents()) {
                Schema<?> property = schema.getProperties().get(component.getName());
                if (property != null && component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                    schema.getProperties().put(component.getName(), nullable(property));
                }
            }
        }
    }

    /** OpenAPI 3.0 ignores {@code nullable} beside a {@code $ref}: a nullable reference becomes an {@code allOf}. */
    private static Schema<?> nullable(Schema<?> property) {
        if (property.get$ref() == null) {
            property.setNullable(true);
            return property;
        }
        Schema<Object> wrapped = new Schema<>();
        wrapped.setNullable(true);
        wrapped.setAllOf(List.of(new Schema<>().$ref(property.get$ref())));
        return wrapped;
    }

    private Set<Class<?>> reachableRecords() {
        Set<Class<?>> records = new HashSet<>();
        List<Type> todo = new ArrayList<>();
        for (HandlerMethod handler : mappings.getHandlerMethods().values()) {
            Method method = handler.getMethod();
            todo.add(method.getGenericReturnType());
            todo.addAll(List.of(method.getGenericParameterTypes()));
        }
        Map<Type, Boolean> seen = new HashMap<>();
        while (!todo.isEmpty()) {
            Type type = todo.removeLast();
            if (seen.put(type, Boolean.TRUE) != null) {
                continue;
            }
            switch (type) {
                case ParameterizedType parameterized -> todo.addAll(List.of(parameterized.getActualTypeArguments()));
                case GenericArrayType array -> todo.add(array.getGenericComponentType());
                case WildcardType wildcard -> todo.addAll(List.of(wildcard.getUpperBounds()));
                case Class<?> recordClass
                when recordClass.isRecord() && records.add(recordClass) -> {
                    for (RecordComponent component : recordClass.getRecordComponents()) {
                        todo.add(component.getGenericType());
                    }
                }
                default -> {}
            }
        }
        return records;
    }
}
