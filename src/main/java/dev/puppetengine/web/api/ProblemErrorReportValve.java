package dev.puppetengine.web.api;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's last-resort error report — for requests no web application sees, such as a malformed request line or
 * URI — as problem JSON instead of Tomcat's HTML page with its version. Never shows the exception.
 */
final class ProblemErrorReportValve extends org.apache.catalina.valves.ErrorReportValve {

    ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, @Nullable Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatusCode code = HttpStatusCode.valueOf(status > 599 ? 500 : status);
        String path = decodedPath(request);
        ProblemDetail problem = code.is5xxServerError()
                ? Problems.serverError(code, throwable, path)
                : Problems.of(code, detail(code), path);
        try {
            response.resetBuffer();
            Problems.write(response, problem);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response was already taken over: nothing left to tell anyone.
        }
    }

    private static @Nullable String decodedPath(Request request) {
        try {
            return request.getDecodedRequestURI();
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static String detail(HttpStatusCode code) {
        HttpStatus known = HttpStatus.resolve(code.value());
        String reason = known == null ? "The request was refused" : known.getReasonPhrase();
        return code.value() == 400
                ? "The request could not be parsed: check the request line, the URI encoding and the headers."
                : reason + ".";
    }
}
