package dev.puppetengine.llm;

/** Why a model is called (DESIGN §5.2); each has its own sampling defaults and is reported in usage. */
public enum CallType {
    NEW_POST,
    REPLY,
    QUOTE,
    REACTION_DECISION,
    MEMORY_UPDATE,
    RELATIONSHIP_UPDATE,
    REFLECTION,
    TRADE_DECISION
}
