package dev.puppetengine.social;

/** A user on the network: its numeric id (as a string, like X) and handle without the @. */
public record Account(String id, String username, String name) {}
