package dev.puppetengine.web.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as an RFC 9457 problem ({@code application/problem+json}): Spring MVC's own (400 for unreadable or
 * invalid bodies, 404 for unknown paths, 405, 415, ...) through {@link ResponseEntityExceptionHandler}, and the
 * domain exceptions of this package.
 */
@RestControllerAdvice
final class ApiProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler(UnknownAgentException.class)
    ProblemDetail unknownAgent(UnknownAgentException exception) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "No agent with id '" + exception.agentId() + "'.");
        problem.setTitle("Unknown agent");
        problem.setProperty("id", exception.agentId());
        return problem;
    }
}
