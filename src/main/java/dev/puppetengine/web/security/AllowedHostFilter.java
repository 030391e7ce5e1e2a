package dev.puppetengine.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 421 to a request whose {@code Host} is neither a loopback name or address ({@code localhost},
 * {@code 127.0.0.0/8}, {@code [::1]}) nor one of {@code puppet.allowed-hosts}: a web page that rebinds its own DNS
 * name to 127.0.0.1 reaches the port, but its requests still carry its name. Checks the {@code Host} header as sent
 * and, when a forwarded-headers strategy rewrote it, the host the server now believes it is, too.
 */
final class AllowedHostFilter extends OncePerRequestFilter {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Set<String> IPV6_LOOPBACK = Set.of("[::1]", "[0:0:0:0:0:0:0:1]");
    private static final int SHOWN_LENGTH = 100;

    private final List<String> allowedHosts;

    AllowedHostFilter(List<String> allowedHosts) {
        this.allowedHosts = List.copyOf(allowedHosts);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> refused = Stream.of(request.getHeader(HttpHeaders.HOST), request.getServerName())
                .map(AllowedHostFilter::hostName)
                .filter(Objects::nonNull)
                .filter(host -> !isAllowed(host))
                .findFirst();
        if (refused.isPresent()) {
            Problems.write(
                    request,
                    response,
                    HttpStatus.MISDIRECTED_REQUEST,
                    "This server does not answer for the host '" + shown(refused.get())
                            + "'. To serve it (behind a reverse proxy), add it to the setting puppet.allowed-hosts"
                            + " (environment PUPPET_ALLOWEDHOSTS, comma-separated).");
            return;
        }
        chain.doFilter(request, response);
    }

    boolean isAllowed(String host) {
        return isLoopback(host) || allowedHosts.contains(host);
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost") || IPV6_LOOPBACK.contains(host)) {
            return true;
        }
        Matcher ipv4 = IPV4_LOOPBACK.matcher(host);
        if (!ipv4.matches()) {
            return false;
        }
        for (int group = 1; group <= 3; group++) {
            if (Integer.parseInt(ipv4.group(group)) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The host of a {@code Host} header value, lower case and without the port; IPv6 literals keep brackets. */
    static @Nullable String hostName(@Nullable String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && host.indexOf(':', colon + 1) >= 0) {
            return "[" + host + "]";
        }
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String shown(String host) {
        return host.length() <= SHOWN_LENGTH ? host : host.substring(0, SHOWN_LENGTH) + "…";
    }
}
