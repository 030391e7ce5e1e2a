package dev.puppetengine.solana;

/**
 * A wallet key that cannot be used. The message names the key's source (a file path or an environment variable) and
 * the reason; it never holds the key or any part of it.
 */
public final class WalletKeyException extends IllegalArgumentException {

    private final String source;

    public WalletKeyException(String source, String reason) {
        super("Solana wallet key " + source + " " + reason);
        this.source = source;
    }

    /** The file path or environment variable the key came from. */
    public String source() {
        return source;
    }
}
