package dev.puppetengine.agent;

import dev.puppetengine.persona.PersonaId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@link PersonaLocks} of one process: a reentrant lock per persona, nothing in the database. Enough on H2, whose file
 * only one process can open; the cluster database adds a lease ({@code JdbcPersonaLeases}).
 */
public final class LocalPersonaLocks implements PersonaLocks {

    private final Map<PersonaId, ReentrantLock> locks = new ConcurrentHashMap<>();

    @Override
    public <T> T holding(PersonaId personaId, Supplier<T> step) {
        ReentrantLock lock = locks.computeIfAbsent(personaId, id -> new ReentrantLock());
        lock.lock();
        try {
            return step.get();
        } finally {
            lock.unlock();
        }
    }
}
