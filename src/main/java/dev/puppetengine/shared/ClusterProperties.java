package dev.puppetengine.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cluster settings, prefix {@code puppet.cluster} (docs/CLUSTER.md). {@code node-id} (env {@code PUPPET_NODE_ID},
 * {@code ./puppet run --node-id}) names this engine node among the nodes sharing one database: db-scheduler's
 * {@code picked_by}, the persona leases and {@code GET /api/status} carry it. Empty: the host name, so two nodes on
 * one host must be given different ids.
 */
@ConfigurationProperties("puppet.cluster")
public record ClusterProperties(@DefaultValue("") String nodeId) {

    /** Fits db-scheduler's {@code picked_by} column together with {@code #incarnation}. */
    public static final int MAX_NODE_ID_LENGTH = 36;

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public ClusterProperties {
        nodeId = nodeId.strip();
        if (!nodeId.isEmpty()
                && (nodeId.length() > MAX_NODE_ID_LENGTH
                        || !NODE_ID.matcher(nodeId).matches())) {
            throw new IllegalArgumentException("puppet.cluster.node-id must be 1 to " + MAX_NODE_ID_LENGTH
                    + " letters, digits, '.', '_' or '-' (starting with a letter or digit): " + nodeId);
        }
    }

    /** This node's id: {@code node-id}, or the host name when it is empty. */
    public String node() {
        return nodeId.isEmpty() ? hostNode() : nodeId;
    }

    /** This host's name in lower case, shortened to {@link #MAX_NODE_ID_LENGTH}, without {@code #}. */
    public static String hostNode() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "failed.hostname.lookup";
        }
        host = host.toLowerCase(Locale.ROOT).replace("#", "-");
        return host.length() > MAX_NODE_ID_LENGTH ? host.substring(0, MAX_NODE_ID_LENGTH) : host;
    }
}
