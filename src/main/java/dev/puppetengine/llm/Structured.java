package dev.puppetengine.llm;

/** A parsed structured answer together with the generation it came from. */
public record Structured<T extends Record>(T value, Generation generation) {}
