package dev.puppetengine.shared;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the database unless {@code spring.datasource.url} is set: {@code puppet.db-url} when given (PostgreSQL for
 * a cluster), otherwise an H2 file database under {@code puppet.data-dir}. H2 refuses paths relative to the working
 * directory, so the data dir is made absolute here, once, before the data source is built.
 */
public final class DatabaseUrlDefaults implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "puppetDatabaseUrl";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")) {
            return;
        }
        // bound as the context will bind them, so their defaults stay declared once, on EngineProperties
        EngineProperties engine = Binder.get(environment).bindOrCreate("puppet", EngineProperties.class);
        String url = engine.dbUrl().isEmpty() ? h2Url(engine.dataDir()) : engine.dbUrl();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(SOURCE_NAME, Map.of("spring.datasource.url", url)));
    }

    /**
     * The default database: a file {@code puppet.mv.db} in the data dir, closed by Spring rather than H2's own hook.
     * It is opened through H2's {@code async:} file system (an {@code AsynchronousFileChannel}): an interrupt of a
     * thread in the middle of file I/O (a scheduler or pool stopping) then cannot close the store's channel for every
     * other thread, as it does with the default {@code FileChannel}. {@code WRITE_DELAY=0} writes every commit to
     * the file before the commit returns: with H2's default (500 ms) a process killed with SIGKILL loses the
     * transactions it committed in its last half second, such as a mention the sandbox acknowledged or an outbox item
     * marked posted (measured by {@code KillRestartIT}).
     */
    public static String h2Url(Path dataDir) {
        return "jdbc:h2:async:" + dataDir.toAbsolutePath().normalize().resolve("puppet")
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
