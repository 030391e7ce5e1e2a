package dev.puppetengine.social.sandbox;

/** Why the sandbox refused an action; each API maps it to its own error shape (X's problems, RFC 9457). */
public final class SandboxRejection extends RuntimeException {

    /** What went wrong, in X's terms. */
    public enum Reason {
        INVALID_TEXT,
        DUPLICATE_CONTENT,
        REPLY_TARGET_MISSING,
        QUOTE_TARGET_MISSING,
        NOT_FOUND,
        NOT_OWNER,
        INVALID_USERNAME,
        /** A human post under a persona's handle: personas post only through their own OAuth credentials. */
        PERSONA_HANDLE
    }

    private final Reason reason;
    private final String detail;

    SandboxRejection(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
        this.detail = detail;
    }

    /** What X would say, fit for an API answer. */
    public String detail() {
        return detail;
    }

    public Reason reason() {
        return reason;
    }
}
