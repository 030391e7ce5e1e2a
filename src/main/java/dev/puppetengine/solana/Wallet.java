package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.sol4k.Base58;
import org.sol4k.Keypair;

/**
 * A persona's Solana keypair, held in memory only. The secret key never leaves this object: {@link #toString()} shows
 * the address, and a bad key fails with a {@link WalletKeyException} naming where the key came from and what is wrong,
 * never the key. Thread-safe.
 */
public final class Wallet {

    static final int SECRET_KEY_LENGTH = 64;
    static final int SIGNATURE_LENGTH = 64;
    private static final String BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final byte[] SELF_CHECK = "puppet-engine wallet self-check".getBytes(StandardCharsets.US_ASCII);

    private final Keypair keypair;
    private final String address;

    private Wallet(Keypair keypair) {
        this.keypair = keypair;
        this.address = keypair.getPublicKey().toBase58();
    }

    /**
     * The wallet for {@code persona}: a Solana CLI keypair file when {@code keypairFile} is given, else
     * {@code SOLANA_PRIVATE_KEY_<ID>}, else {@code SOLANA_PRIVATE_KEY} (base58 of the 64-byte secret key), as in the
     * original. Empty when none is set.
     */
    public static Optional<Wallet> find(
            PersonaId persona, @Nullable Path keypairFile, UnaryOperator<@Nullable String> env) {
        if (keypairFile != null) {
            return Optional.of(fromKeypairFile(keypairFile));
        }
        for (String name : new String[] {"SOLANA_PRIVATE_KEY_" + persona.envSuffix(), "SOLANA_PRIVATE_KEY"}) {
            String value = env.apply(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(fromBase58(name, value));
            }
        }
        return Optional.empty();
    }

    /** A keypair file as {@code solana-keygen} writes it: a JSON array of the 64 secret-key bytes. */
    public static Wallet fromKeypairFile(Path file) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WalletKeyException(
                    source, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return fromSecretKey(source, parseByteArray(source, text.strip()));
    }

    /** The base58 text of the 64-byte secret key (Phantom's export, {@code SOLANA_PRIVATE_KEY}); {@code source} names it. */
    public static Wallet fromBase58(String source, String base58) {
        String trimmed = base58.strip();
        for (int i = 0; i < trimmed.length(); i++) {
            if (BASE58_ALPHABET.indexOf(trimmed.charAt(i)) < 0) {
                throw new WalletKeyException(source, "is not base58 text");
            }
        }
        byte[] secret;
        try {
            secret = Base58.decode(trimmed);
        } catch (RuntimeException e) {
            throw new WalletKeyException(source, "is not base58 text");
        }
        return fromSecretKey(source, secret);
    }

    private static Wallet fromSecretKey(String source, byte[] secret) {
        if (secret.length != SECRET_KEY_LENGTH) {
            int length = secret.length;
            Arrays.fill(secret, (byte) 0);
            throw new WalletKeyException(
                    source, "must hold a " + SECRET_KEY_LENGTH + "-byte secret key, has " + length + " bytes");
        }
        byte[] statedPublicKey = Arrays.copyOfRange(secret, 32, SECRET_KEY_LENGTH);
        Keypair keypair;
        try {
            keypair = Keypair.fromSecretKey(secret);
        } catch (RuntimeException e) {
            throw new WalletKeyException(source, "is not an Ed25519 secret key");
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        // The last 32 bytes are the public key; halves that do not belong together mean a corrupt or spliced key,
        // refused here rather than discovered on the first trade.
        if (!Arrays.equals(statedPublicKey, keypair.getPublicKey().bytes())
                || !keypair.getPublicKey().verify(keypair.sign(SELF_CHECK), SELF_CHECK)) {
            throw new WalletKeyException(source, "holds a public key that does not match its private key");
        }
        return new Wallet(keypair);
    }

    private static byte[] parseByteArray(String source, String text) {
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new WalletKeyException(source, "must be a JSON array of " + SECRET_KEY_LENGTH + " numbers 0-255");
        }
        String inner = text.substring(1, text.length() - 1).strip();
        String[] items = inner.isEmpty() ? new String[0] : inner.split(",", -1);
        byte[] bytes = new byte[items.length];
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            int value = -1;
            if (!item.isEmpty() && item.length() <= 3 && item.chars().allMatch(Character::isDigit)) {
                value = Integer.parseInt(item);
            }
            if (value < 0 || value > 255) {
                Arrays.fill(bytes, (byte) 0);
                throw new WalletKeyException(
                        source,
                        "must be a JSON array of " + SECRET_KEY_LENGTH + " numbers 0-255 (item " + i + " is not)");
            }
            bytes[i] = (byte) value;
        }
        return bytes;
    }

    /** The wallet's address: the base58 public key, also the fee payer of every transaction it signs. */
    public String address() {
        return address;
    }

    /** The 32 bytes of the public key. */
    public byte[] publicKey() {
        return keypair.getPublicKey().bytes();
    }

    /** The Ed25519 signature (64 bytes) of {@code message}. */
    public byte[] sign(byte[] message) {
        return keypair.sign(message);
    }

    @Override
    public String toString() {
        return "Wallet[" + address + "]";
    }
}
