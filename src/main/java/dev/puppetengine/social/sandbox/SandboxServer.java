package dev.puppetengine.social.sandbox;

import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;
import org.apache.catalina.connector.Connector;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * The sandbox X API's own port (DESIGN §6.3): a second Tomcat connector of the engine's server, so an X client needs
 * only a base-URL change ({@code http://127.0.0.1:PORT}, paths {@code /2/...}). {@code puppet.sandbox.port} picks
 * it; unset, it is the server's port + 1 (8081 next to 8080), or any free port when the server's is 0. Binds the
 * server's address. Added in sandbox mode only; runs after Boot's own customizers, which set the server's port.
 */
final class SandboxServer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private final @Nullable Integer configuredPort;
    private volatile @Nullable Connector connector;
    private volatile @Nullable InetAddress address;

    SandboxServer(@Nullable Integer configuredPort) {
        this.configuredPort = configuredPort;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        int serverPort = factory.getPort();
        int port = configuredPort != null ? configuredPort : serverPort == 0 ? 0 : serverPort + 1;
        Connector sandbox = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        sandbox.setPort(port);
        InetAddress bound = factory.getAddress();
        if (bound != null) {
            sandbox.setProperty("address", bound.getHostAddress());
        }
        factory.addAdditionalConnectors(sandbox);
        this.address = bound;
        this.connector = sandbox;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The port the sandbox X API listens on, once the server has started. */
    Optional<Integer> port() {
        Connector sandbox = connector;
        if (sandbox == null || sandbox.getLocalPort() <= 0) {
            return Optional.empty();
        }
        return Optional.of(sandbox.getLocalPort());
    }

    /** {@code http://HOST:PORT}, the root an X client takes instead of {@code https://api.x.com}. */
    Optional<URI> baseUrl() {
        return port().map(port -> URI.create("http://" + host() + ":" + port));
    }

    private String host() {
        InetAddress bound = address;
        if (bound == null || bound.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String host = bound.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
