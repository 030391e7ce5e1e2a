package dev.puppetengine.social;

import java.time.LocalDate;
import java.util.List;

/**
 * The X requests the engine sent, counted per persona, endpoint and UTC day (X bills reads and writes), for usage
 * reports. Thread-safe.
 */
public interface XUsage {

    /**
     * The line of the cast-wide mentions search ({@code puppet.x.reads.cast-search}): one search reads the mentions
     * of every persona it covers, so its requests are counted once, here, not per persona. No persona id starts with
     * {@code _}.
     */
    String CAST = "_cast";

    /** Requests per persona and endpoint on UTC days from {@code firstDay} on; ordered by persona, then endpoint. */
    List<Requests> listRequestsSince(LocalDate firstDay);

    /**
     * Requests of one persona to one endpoint ({@code create-post}, {@code mentions}, ...); {@code write} is true for
     * endpoints that change X (posting, deleting, liking).
     */
    record Requests(String personaId, String endpoint, boolean write, long requests) {}
}
