package dev.puppetengine.social.sandbox;

/** Published (Spring application event) after any post is created on the sandbox network, by a persona or a human. */
public record SandboxPostCreated(SandboxPost post) {}
