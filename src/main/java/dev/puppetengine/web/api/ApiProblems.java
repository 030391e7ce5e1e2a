package dev.puppetengine.web.api;

import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.shared.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error of a controller as an RFC 9457 problem, always {@code application/problem+json} (see {@link Problems}):
 * Spring MVC's own (400, 404, 405, 406, 415, ...) through {@link ResponseEntityExceptionHandler}, bad input as a 400
 * naming the field and the reason, unknown agents as 404, anything unexpected as a 500 with an {@code errorId}.
 */
@RestControllerAdvice
final class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(UnknownAgentException.class)
    ResponseEntity<ProblemDetail> unknownAgent(UnknownAgentException exception, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(
                HttpStatus.NOT_FOUND, "No agent with id '" + exception.agentId() + "'.", request.getRequestURI());
        problem.setTitle("Unknown agent");
        problem.setProperty("id", exception.agentId());
        return Problems.response(problem);
    }

    @ExceptionHandler(AgentConflictException.class)
    ResponseEntity<ProblemDetail> agentConflict(AgentConflictException exception, HttpServletRequest request) {
        ProblemDetail problem =
                Problems.of(HttpStatus.CONFLICT, String.valueOf(exception.getMessage()), request.getRequestURI());
        problem.setTitle(exception.title());
        problem.setProperty("id", exception.agentId());
        return Problems.response(problem);
    }

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException exception, HttpServletRequest request) {
        ProblemDetail problem =
                Problems.of(exception.status(), String.valueOf(exception.getMessage()), request.getRequestURI());
        problem.setTitle(exception.title());
        exception.properties().forEach(problem::setProperty);
        return Problems.response(problem);
    }

    @ExceptionHandler(TooSoonException.class)
    ResponseEntity<ProblemDetail> tooSoon(TooSoonException exception, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(
                HttpStatus.TOO_MANY_REQUESTS, String.valueOf(exception.getMessage()), request.getRequestURI());
        problem.setTitle("Too soon");
        problem.setProperty("id", exception.agentId());
        problem.setProperty("mayPostAt", exception.mayPostAt().toString());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(exception.retryAfterSeconds()))
                .body(problem);
    }

    /** Each problem as {@code {field, reason}}, the field a JSON pointer ({@code body} for the document itself). */
    @ExceptionHandler(InvalidPersonaException.class)
    ResponseEntity<ProblemDetail> invalidPersona(InvalidPersonaException exception, HttpServletRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (PersonaProblem found : exception.problems()) {
            if (!found.isError()) {
                continue;
            }
            String field = found.pointer().isEmpty() ? "body" : Problems.cut(found.pointer());
            String reason = Problems.cut(PersonaProblem.oneLine(found.reason()));
            errors.add(Map.of("field", field, "reason", reason));
            lines.add(field + ": " + reason);
        }
        if (errors.isEmpty()) {
            errors.add(Map.of("field", "body", "reason", "is not a valid persona"));
            lines.add("body: is not a valid persona");
        }
        Map<String, String> first = errors.getFirst();
        ProblemDetail problem = Problems.badInput(
                String.valueOf(first.get("field")), String.valueOf(first.get("reason")), request.getRequestURI());
        problem.setDetail(Problems.cut(String.join("; ", lines)));
        problem.setProperty("errors", errors);
        return Problems.response(problem);
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalidInput(InvalidInputException exception, HttpServletRequest request) {
        return Problems.response(Problems.badInput(exception.field(), exception.reason(), request.getRequestURI()));
    }

    /** Tomcat refuses a parameter it cannot decode (bad UTF-8, say) only when the controller asks for it. */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameter(HttpServletRequest request) {
        return Problems.response(Problems.of(
                HttpStatus.BAD_REQUEST,
                "A query parameter could not be decoded: parameters are percent-encoded UTF-8.",
                request.getRequestURI()));
    }

    @ExceptionHandler(Exception.class)
    @Nullable
    ResponseEntity<ProblemDetail> unexpected(Exception exception, HttpServletRequest request) {
        if (DisconnectedClientHelper.isClientDisconnectedException(exception)) {
            log.debug("client went away from {}: {}", request.getRequestURI(), exception.toString());
            return null;
        }
        return Problems.response(Problems.internalError(exception, request.getRequestURI()));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException exception, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = exception instanceof MethodArgumentTypeMismatchException argument
                ? argument.getName()
                : exception.getPropertyName();
        Class<?> type = exception.getRequiredType();
        String reason = "must be " + (type == null ? "a valid value" : JsonTypes.expected(type));
        return badInput(name == null ? "parameter" : name, reason, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException exception, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JacksonException json = jacksonCause(exception);
        if (json == null) {
            return badInput("body", "must be a JSON object (the request body is missing or unreadable)", request);
        }
        return badInput(JsonTypes.pointer(json), JsonTypes.reason(json), request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException exception, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = exception.getBindingResult().getFieldErrors();
        if (errors.isEmpty()) {
            return badInput("body", "is not valid", request);
        }
        FieldError first = errors.getFirst();
        String message = first.getDefaultMessage();
        return badInput("/" + first.getField(), message == null ? "is not valid" : message, request);
    }

    /** Spring's own problems, always as problem JSON: the client's {@code Accept} may be what failed. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        HttpHeaders answer = new HttpHeaders();
        answer.putAll(headers);
        answer.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        Object problem = body != null ? body : Problems.of(statusCode, reasonPhrase(statusCode), path(request));
        if (problem instanceof ProblemDetail detail && detail.getType() == null) {
            detail.setType(Problems.ABOUT_BLANK);
        }
        return new ResponseEntity<>(problem, answer, statusCode);
    }

    private ResponseEntity<Object> badInput(String field, String reason, WebRequest request) {
        ProblemDetail problem = Problems.badInput(field, reason, path(request));
        return new ResponseEntity<>(problem, problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }

    private static @Nullable String path(WebRequest request) {
        if (request instanceof NativeWebRequest nativeRequest
                && nativeRequest.getNativeRequest() instanceof HttpServletRequest servlet) {
            return servlet.getRequestURI();
        }
        return null;
    }

    private static String reasonPhrase(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "Error " + status.value() : known.getReasonPhrase();
    }

    private static @Nullable JacksonException jacksonCause(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException json) {
                return json;
            }
        }
        return null;
    }

    /** Names a JSON failure the way a client fixes it: a JSON pointer and what the value must be. */
    static final class JsonTypes {

        private JsonTypes() {}

        static String pointer(JacksonException exception) {
            StringBuilder pointer = new StringBuilder();
            for (JacksonException.Reference reference : exception.getPath()) {
                String name = reference.getPropertyName();
                if (name != null) {
                    pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
                } else if (reference.getIndex() >= 0) {
                    pointer.append('/').append(reference.getIndex());
                }
            }
            if (pointer.isEmpty() && exception.processor() instanceof JsonParser parser) {
                pointer.append(parser.streamReadContext().pathAsPointer().toString());
            }
            String field = pointer.toString();
            return field.isEmpty() ? "body" : Problems.cut(field);
        }

        static String reason(JacksonException exception) {
            String original = String.valueOf(exception.getOriginalMessage());
            if (original.startsWith("Duplicate Object property") || original.startsWith("Duplicate field")) {
                return "is a duplicate key";
            }
            if (original.startsWith("Trailing token")) {
                return "must be one JSON value with nothing after it";
            }
            if (exception instanceof InputCoercionException) {
                return "is out of range";
            }
            if (exception instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                String expected = expected(mismatch.getTargetType());
                String actual = actual(exception);
                return actual == null ? "must be " + expected : "must be " + expected + ", not " + actual;
            }
            if (exception instanceof StreamReadException) {
                TokenStreamLocation at = exception.getLocation();
                return at == null
                        ? "is not valid JSON"
                        : "is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            }
            return "is not valid";
        }

        static String expected(Class<?> type) {
            if (type == int.class
                    || type == long.class
                    || type == short.class
                    || type == Integer.class
                    || type == Long.class
                    || type == Short.class
                    || type == java.math.BigInteger.class) {
                return "a whole number";
            }
            if (type == double.class || type == float.class || Number.class.isAssignableFrom(type)) {
                return "a number";
            }
            if (type == boolean.class || type == Boolean.class) {
                return "true or false";
            }
            if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
                return "a string";
            }
            if (type.isArray() || Collection.class.isAssignableFrom(type)) {
                return "an array";
            }
            if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.isPrimitive()) {
                return "an object";
            }
            return "a " + type.getSimpleName();
        }

        private static @Nullable String actual(JacksonException exception) {
            if (exception instanceof InvalidFormatException format && format.getValue() != null) {
                return switch (format.getValue()) {
                    case CharSequence text -> "a string";
                    case Boolean flag -> "a boolean";
                    case Double fraction -> "a fraction";
                    case Float fraction -> "a fraction";
                    case java.math.BigDecimal fraction -> "a fraction";
                    case Number number -> "a whole number";
                    default -> null;
                };
            }
            // Jackson names the token it met in its message ("Cannot coerce String value ...").
            String message = String.valueOf(exception.getOriginalMessage());
            if (message.contains("String value") || message.contains("VALUE_STRING")) {
                return "a string";
            }
            if (message.contains("Boolean value")
                    || message.contains("VALUE_TRUE")
                    || message.contains("VALUE_FALSE")) {
                return "a boolean";
            }
            if (message.contains("Floating-point value") || message.contains("VALUE_NUMBER_FLOAT")) {
                return "a fraction";
            }
            if (message.contains("Integer value") || message.contains("VALUE_NUMBER_INT")) {
                return "a whole number";
            }
            if (message.contains("Object value") || message.contains("START_OBJECT")) {
                return "an object";
            }
            if (message.contains("Array value") || message.contains("START_ARRAY")) {
                return "an array";
            }
            if (message.contains("`null`") || message.contains("VALUE_NULL")) {
                return "null";
            }
            return null;
        }
    }
}
