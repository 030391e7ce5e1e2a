package dev.puppetengine.social.jdbc;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.shared.ExternalServiceException;
import dev.puppetengine.social.Account;
import dev.puppetengine.social.ApprovalGate;
import dev.puppetengine.social.Outbox;
import dev.puppetengine.social.OutboxDispatcher;
import dev.puppetengine.social.OutboxItem;
import dev.puppetengine.social.PlatformPolicy;
import dev.puppetengine.social.PolicedOutbox;
import dev.puppetengine.social.RefusalLog;
import dev.puppetengine.social.twitter.SocialNetworks;
import dev.puppetengine.social.twitter.TwitterProperties;
import dev.puppetengine.social.twitter.XPolicyProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox on the engine's database, and its dispatcher. */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    /** Beyond the HTTP timeout: the few requests of one send, and clock skew between nodes. */
    private static final Duration IN_FLIGHT_MARGIN = Duration.ofSeconds(30);

    /**
     * The outbox behind the platform policy (DESIGN §6.2): enforced live, or in the sandbox when asked. A stopped
     * action is a decision ({@link RefusalLog}, provided by the agent feature), and so is one the persona's approval
     * mode keeps for a human ({@link ApprovalGate}, the agent's approval queue).
     */
    @Bean
    Outbox outbox(
            DataSource dataSource,
            Clock clock,
            XPolicyProperties policy,
            EngineProperties engine,
            ObjectProvider<PersonaCatalog> catalog,
            ObjectProvider<SocialNetworks> networks,
            ObjectProvider<RefusalLog> refusals,
            ObjectProvider<ApprovalGate> approvals) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        JdbcOutbox store = new JdbcOutbox(jdbc, clock);
        Function<PersonaId, Optional<Account>> accounts =
                id -> catalog.getObject().findPersona(id).flatMap(persona -> {
                    try {
                        return Optional.of(
                                networks.getObject().forPersona(persona).me());
                    } catch (ExternalServiceException | IllegalStateException e) {
                        return Optional.empty();
                    }
                });
        PlatformPolicy platformPolicy = new PlatformPolicy(
                policy.settings(engine.mode() == EngineProperties.Mode.LIVE),
                store,
                new JdbcOptOuts(jdbc),
                accounts,
                clock);
        ApprovalGate gate = new ApprovalGate() {
            @Override
            public boolean gates(OutboxItem.Draft draft) {
                ApprovalGate found = approvals.getIfAvailable();
                return found != null && found.gates(draft);
            }

            @Override
            public void awaiting(OutboxItem item) {
                approvals.ifAvailable(found -> found.awaiting(item));
            }
        };
        return new PolicedOutbox(
                store, platformPolicy, stopped -> refusals.ifAvailable(log -> log.stopped(stopped)), gate);
    }

    /** Outbox times are persona times: with {@code --speed X} a real timeout lasts X times longer on the clock. */
    @Bean
    OutboxDispatcher outboxDispatcher(
            Outbox outbox,
            Clock clock,
            TwitterProperties x,
            EngineProperties engine,
            PlatformTransactionManager transactionManager) {
        Duration real = x.timeout().plus(IN_FLIGHT_MARGIN);
        Duration inFlight = Duration.ofMillis(Math.round(real.toMillis() * Math.max(1, engine.speed())));
        // the mark that an item is posted and the caller's record of it (memory, state, decision) commit together
        return new OutboxDispatcher(outbox, clock, inFlight, new TransactionTemplate(transactionManager));
    }
}
