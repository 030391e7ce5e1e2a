package dev.puppetengine.social.twitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCipherTest {

    @TempDir
    Path dataDir;

    private final TokenCipher cipher = TokenCipher.withKey(new byte[32]);

    @Test
    void decrypts_what_it_encrypted_and_never_stores_the_clear_text() {
        String stored = cipher.encrypt("access-secret-1", "x_oauth2_token/ada/access");

        assertThat(stored).startsWith("v1:").doesNotContain("access-secret-1");
        assertThat(cipher.decrypt(stored, "x_oauth2_token/ada/access")).isEqualTo("access-secret-1");
    }

    @Test
    void uses_a_new_iv_for_every_write() {
        byte[] first =
                Base64.getUrlDecoder().decode(cipher.encrypt("same", "ctx").substring(3));
        byte[] second =
                Base64.getUrlDecoder().decode(cipher.encrypt("same", "ctx").substring(3));

        assertThat(Arrays.copyOf(first, 12)).isNotEqualTo(Arrays.copyOf(second, 12));
        assertThat(first).hasSize(12 + "same".length() + 16);
    }

    @Test
    void refuses_a_value_moved_to_another_persona_or_column() {
        String stored = cipher.encrypt("refresh-secret", "x_oauth2_token/ada/refresh");

        assertThatThrownBy(() -> cipher.decrypt(stored, "x_oauth2_token/bob/refresh"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("refresh-secret");
        assertThatThrownBy(() -> cipher.decrypt(stored, "x_oauth2_token/ada/access"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refuses_a_changed_byte_and_another_key_with_a_hint() {
        String stored = cipher.encrypt("refresh-secret", "ctx");
        char last = stored.charAt(stored.length() - 1);
        String tampered = stored.substring(0, stored.length() - 1) + (last == 'A' ? 'B' : 'A');
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;

        assertThatThrownBy(() -> cipher.decrypt(tampered, "ctx")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TokenCipher.withKey(otherKey).decrypt(stored, "ctx"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PUPPET_TOKEN_KEY")
                .hasMessageContaining("x-login");
    }

    @Nested
    class Key {

        @Test
        void creates_a_mode_600_key_file_in_the_data_dir_and_reuses_it() throws Exception {
            String stored = TokenCipher.load("", dataDir).encrypt("v", "ctx");

            Path file = dataDir.resolve("token-key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(Base64.getDecoder().decode(Files.readString(file).strip()))
                    .hasSize(32);
            assertThat(TokenCipher.load("", dataDir).decrypt(stored, "ctx")).isEqualTo("v");
            try (var files = Files.list(dataDir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("token-key");
            }
        }

        @Test
        void refuses_a_key_file_others_can_read() throws Exception {
            TokenCipher.load("", dataDir);
            Path file = dataDir.resolve("token-key");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

            assertThatThrownBy(() -> TokenCipher.load("", dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("chmod 600");
        }

        @Test
        void takes_the_environment_key_before_the_file_and_never_echoes_it() {
            String key = Base64.getEncoder().encodeToString(new byte[32]);
            String stored = TokenCipher.load(key, dataDir).encrypt("v", "ctx");

            assertThat(cipher.decrypt(stored, "ctx")).isEqualTo("v");
            assertThat(dataDir.resolve("token-key")).doesNotExist();
            assertThatThrownBy(() -> TokenCipher.load("c2hvcnQta2V5", dataDir))
                    .hasMessageContaining("PUPPET_TOKEN_KEY")
                    .hasMessageContaining("32 bytes")
                    .hasMessageNotContaining("c2hvcnQta2V5");
            assertThatThrownBy(() -> TokenCipher.load("not base64!", dataDir))
                    .hasMessageContaining("PUPPET_TOKEN_KEY")
                    .hasMessageNotContaining("not base64!");
        }
    }
}
