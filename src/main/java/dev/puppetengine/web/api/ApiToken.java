package dev.puppetengine.web.api;

import dev.puppetengine.shared.EngineProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The operator API's bearer token (DESIGN §8): {@code PUPPET_API_TOKEN} when set, otherwise the token in
 * {@code DATA_DIR/api-token}, generated on first start (32 random bytes, URL-safe base64) with mode 600 and reused
 * after. Never logged; compared in constant time.
 */
@Component
public final class ApiToken {

    public static final String ENV_VARIABLE = "PUPPET_API_TOKEN";
    public static final String FILE_NAME = "api-token";

    private static final Logger log = LoggerFactory.getLogger(ApiToken.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] token;
    private final String value;

    public ApiToken(EngineProperties properties, Environment environment) {
        String fromEnvironment = environment.getProperty(ENV_VARIABLE, "").trim();
        if (!fromEnvironment.isEmpty()) {
            this.value = fromEnvironment;
            log.info("Operator API token: from {}", ENV_VARIABLE);
        } else {
            Path file = properties.dataDirectory().resolve(FILE_NAME);
            this.value = readOrCreate(file);
            log.info("Operator API token: in {}", file);
        }
        this.token = value.getBytes(StandardCharsets.UTF_8);
    }

    /** The token itself, for the one line printed at start; never log it. */
    public String value() {
        return value;
    }

    /** Constant-time comparison with a presented token. */
    public boolean matches(@Nullable String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiToken[redacted]";
    }

    static String readOrCreate(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!stored.isEmpty()) {
                    restrictToOwner(file);
                    return stored;
                }
            }
            String generated = generate();
            try {
                createOwnerOnly(file);
            } catch (FileAlreadyExistsException exists) {
                // an empty file left behind: overwrite it below
            }
            restrictToOwner(file);
            Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API token file " + file, e);
        }
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (isPosix(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        if (isPosix(file)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
