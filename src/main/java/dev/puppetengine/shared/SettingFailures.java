package dev.puppetengine.shared;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Says in one line what is wrong with a setting that stopped the engine, naming the key and what it accepts, e.g.
 * {@code puppet.llm.providers.openai.type: must be one of openai, anthropic (was 'gemini')}. Values are echoed only
 * for choices (enums), never for free text, which may be a secret.
 */
public final class SettingFailures {

    private SettingFailures() {}

    /** The setting problem behind {@code failure}, or {@code null} when it is not one. */
    public static @Nullable String find(Throwable failure) {
        BindException bind = innermost(failure, BindException.class);
        if (bind == null) {
            return null;
        }
        String key = bind.getName().toString();
        BindValidationException invalid = innermost(bind, BindValidationException.class);
        if (invalid != null) {
            String prefix = invalid.getValidationErrors().getName().toString();
            return invalid.getValidationErrors().getAllErrors().stream()
                    .map(error -> keyOf(prefix, error) + ": " + error.getDefaultMessage())
                    .collect(Collectors.joining("; "));
        }
        ConversionFailedException conversion = innermost(bind, ConversionFailedException.class);
        if (conversion != null) {
            Class<?> type = conversion.getTargetType().getType();
            if (type.isEnum()) {
                return key + ": must be one of "
                        + Arrays.stream(type.getEnumConstants())
                                .map(constant -> wireName(((Enum<?>) constant).name()))
                                .collect(Collectors.joining(", "))
                        + " (was '" + conversion.getValue() + "')";
            }
            return key + ": not a valid " + type.getSimpleName();
        }
        String reason = rootCause(bind).getMessage();
        if (reason == null || reason.isBlank()) {
            return key + ": invalid value";
        }
        return reason.startsWith("puppet.") ? reason : key + ": " + reason;
    }

    /** One line for an engine that did not start: the setting problem, or the failure's own message. */
    public static String describe(Throwable failure) {
        String setting = find(failure);
        if (setting != null) {
            return setting;
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    private static String keyOf(String prefix, ObjectError error) {
        if (!(error instanceof FieldError field)) {
            return prefix;
        }
        String path = field.getField().replaceAll("\\[([^]]*)]", ".$1");
        StringBuilder kebab = new StringBuilder();
        path.codePoints().forEach(c -> {
            if (Character.isUpperCase(c)) {
                kebab.append('-').appendCodePoint(Character.toLowerCase(c));
            } else {
                kebab.appendCodePoint(c);
            }
        });
        return prefix + "." + kebab;
    }

    private static String wireName(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <T extends Throwable> @Nullable T innermost(Throwable failure, Class<T> type) {
        T found = null;
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 20; depth++) {
            if (type.isInstance(current)) {
                found = type.cast(current);
            }
            current = current.getCause();
        }
        return found;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current.getCause() != null && depth < 20; depth++) {
            current = current.getCause();
        }
        return current;
    }
}
