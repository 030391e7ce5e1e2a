package dev.puppetengine.social.twitter;

import dev.puppetengine.persona.PersonaId;

/** Counts X requests per persona, endpoint and UTC day (X bills reads and writes). Called once per request sent. */
public interface XUsageRecorder {

    void recordRequest(PersonaId personaId, XEndpoint endpoint);

    /** A request made for the whole cast (the cast-wide mentions search), counted on the {@code XUsage.CAST} line. */
    default void recordCastRequest(XEndpoint endpoint) {}
}
