package dev.puppetengine.social.twitter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts tokens at rest with AES-256-GCM: a fresh random 96-bit IV for every value, a 128-bit tag, and the value's
 * place (table, persona, column) as associated data, so a ciphertext copied to another row or column does not
 * decrypt. Stored form: {@code v1:} + base64url(IV ‖ ciphertext ‖ tag). The key comes from {@code PUPPET_TOKEN_KEY}
 * (base64 of 32 bytes) or from the file {@code DATA_DIR/token-key}, created on first use with mode 600. The key and
 * plain values never appear in a message or {@link #toString()}. Thread-safe.
 */
public final class TokenCipher {

    /** The key file's name in the data dir. */
    public static final String KEY_FILE = "token-key";

    private static final String PREFIX = "v1:";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private TokenCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        Arrays.fill(key, (byte) 0);
    }

    /** A cipher with this key (32 bytes; tests). */
    static TokenCipher withKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a token key has 32 bytes, this one " + key.length);
        }
        return new TokenCipher(key.clone());
    }

    /**
     * The key from {@code environmentKey} ({@code PUPPET_TOKEN_KEY}) when it is not blank, else from the key file in
     * {@code dataDir}, which is created (mode 600, 32 random bytes) when missing. A key file readable by group or
     * others is refused.
     */
    public static TokenCipher load(String environmentKey, Path dataDir) {
        if (!environmentKey.isBlank()) {
            return new TokenCipher(decodeKey(environmentKey.strip(), "PUPPET_TOKEN_KEY"));
        }
        Path file = dataDir.toAbsolutePath().normalize().resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            requirePrivate(file);
            return new TokenCipher(
                    decodeKey(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the token key file " + file, e);
        }
    }

    /** Writes a new key to a private temporary file, then links it into place: never a partly written key file. */
    private static void create(Path file) throws IOException {
        Path dir = java.util.Objects.requireNonNull(file.getParent(), "the data dir");
        Files.createDirectories(dir);
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        Path temporary = file.resolveSibling(KEY_FILE + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp");
        try {
            if (posix(dir)) {
                Files.createFile(
                        temporary,
                        PosixFilePermissions.asFileAttribute(
                                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            } else {
                Files.createFile(temporary);
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException another) {
                // another process created it first: use that one
            } catch (UnsupportedOperationException noLinks) {
                try {
                    Files.move(temporary, file);
                } catch (FileAlreadyExistsException another) {
                    // another process created it first: use that one
                }
            }
        } finally {
            Arrays.fill(key, (byte) 0);
            Files.deleteIfExists(temporary);
        }
    }

    private static void requirePrivate(Path file) throws IOException {
        if (!posix(file)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
            throw new IllegalStateException("the token key file " + file + " is readable by others ("
                    + PosixFilePermissions.toString(permissions) + "): run chmod 600 " + file);
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    private static byte[] decodeKey(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException(
                    where + " is not base64 (it must hold 32 random bytes, e.g. from" + " 'openssl rand -base64 32')");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException(where + " must hold 32 bytes in base64 (e.g. from 'openssl rand -base64"
                    + " 32'), it holds " + key.length);
        }
        return key;
    }

    /** Encrypts {@code plain} for the place {@code context} names; each call uses a new IV. */
    public String encrypt(String plain, String context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] stored = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, stored, 0, IV_BYTES);
            System.arraycopy(sealed, 0, stored, IV_BYTES, sealed.length);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /**
     * Decrypts a value {@link #encrypt} wrote for the same {@code context}; a wrong key, another place's value or a
     * changed byte throws {@link IllegalStateException} (without the value).
     */
    public String decrypt(String stored, String context) {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("a stored token for " + context + " is not in the encrypted form");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a stored token for " + context + " is damaged");
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("a stored token for " + context + " is damaged");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException wrongKey) {
            throw new IllegalStateException("a stored token for " + context + " does not decrypt with this token key"
                    + " (PUPPET_TOKEN_KEY or DATA_DIR/" + KEY_FILE + " changed?): run ./puppet x-login again");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored token for " + context + " cannot be decrypted", e);
        }
    }

    @Override
    public String toString() {
        return "TokenCipher[AES-256-GCM, key redacted]";
    }
}
