package dev.puppetengine.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers what the {@link org.springframework.security.web.firewall.StrictHttpFirewall} rejects, before routing: 405
 * for a method outside {@link #ALLOWED_METHODS}, otherwise 400 (an ambiguous path: {@code ;} parameters, encoded
 * slashes or percent signs, dot segments, {@code //}, control characters), as problem JSON.
 */
final class FirewallRejections implements RequestRejectedHandler {

    static final Set<String> ALLOWED_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        SecurityHeaders.writeTo(request, response);
        if (!ALLOWED_METHODS.contains(request.getMethod())) {
            response.setHeader(
                    HttpHeaders.ALLOW,
                    String.join(", ", ALLOWED_METHODS.stream().sorted().toList()));
            Problems.write(request, response, HttpStatus.METHOD_NOT_ALLOWED, "The method is not supported here.");
            return;
        }
        Problems.write(
                request,
                response,
                HttpStatus.BAD_REQUEST,
                "The request path or a header is ambiguous or malformed (';' parameters, encoded '/', '\\' or '%',"
                        + " '.' or '..' segments, '//', or control characters are refused); send the plain path.");
    }
}
