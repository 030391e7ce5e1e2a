package dev.puppetengine.agent.jdbc;

import dev.puppetengine.agent.PersonaLocks;
import dev.puppetengine.shared.ClusterProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cluster mode (docs/CLUSTER.md): this node's registration and heartbeat ({@code engine_node}) and the persona locks.
 * On PostgreSQL, the cluster database, every persona step holds the persona's lease in {@code persona_lease}; on H2
 * (one process) the in-process lock alone.
 */
@Configuration(proxyBeanMethods = false)
class ClusterJdbcConfiguration {

    /** How long a step waits for a persona another node runs before it gives up and runs again later. */
    static final Duration LEASE_WAIT = Duration.ofSeconds(30);

    @Bean
    @DependsOnDatabaseInitialization
    JdbcEngineNodes engineNodes(
            DataSource dataSource, ClusterProperties cluster, ObjectProvider<MeterRegistry> meters) {
        JdbcEngineNodes nodes = new JdbcEngineNodes(
                JdbcClient.create(dataSource),
                cluster.node(),
                hostName(),
                ProcessHandle.current().pid(),
                isClusterDatabase(dataSource));
        nodes.register();
        meters.ifAvailable(registry -> Gauge.builder("puppet.cluster.nodes.alive", nodes, JdbcEngineNodes::countAlive)
                .description("Engine nodes whose heartbeat in the database is younger than 10 s")
                .register(registry));
        return nodes;
    }

    @Bean
    PersonaLocks personaLocks(DataSource dataSource, JdbcEngineNodes nodes) {
        return new JdbcPersonaLeases(
                JdbcClient.create(dataSource), nodes.nodeId(), isClusterDatabase(dataSource), LEASE_WAIT);
    }

    @Bean
    NodeHeartbeat nodeHeartbeat(JdbcEngineNodes nodes) {
        return new NodeHeartbeat(nodes);
    }

    /** PostgreSQL is the cluster database: other nodes may share it. H2's file admits one process only. */
    static boolean isClusterDatabase(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection
                    .getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase(Locale.ROOT)
                    .contains("postgres");
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("cannot tell which database this is", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
