package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.shared.EngineProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

class ApiTokenTest {

    @TempDir
    Path dataDir;

    EngineProperties properties() {
        return new EngineProperties(
                Path.of("config/agents"), dataDir, EngineProperties.Mode.SANDBOX, 1, "", "127.0.0.1");
    }

    @Nested
    class FromTheDataDir {

        @Test
        void generates_a_url_safe_token_on_first_start_readable_by_the_owner_only() throws Exception {
            ApiToken token = new ApiToken(properties(), new MockEnvironment());

            Path file = dataDir.resolve("api-token");
            assertThat(token.value()).matches("[A-Za-z0-9_-]{43}");
            assertThat(Files.readString(file).trim()).isEqualTo(token.value());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }

        @Test
        void reuses_the_stored_token_and_tightens_its_mode() throws Exception {
            String first = new ApiToken(properties(), new MockEnvironment()).value();
            Files.setPosixFilePermissions(dataDir.resolve("api-token"), PosixFilePermissions.fromString("rw-r--r--"));

            ApiToken second = new ApiToken(properties(), new MockEnvironment());

            assertThat(second.value()).isEqualTo(first);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("api-token"))))
                    .isEqualTo("rw-------");
        }

        @Test
        void replaces_an_empty_token_file() throws Exception {
            Files.writeString(dataDir.resolve("api-token"), "\n");

            ApiToken token = new ApiToken(properties(), new MockEnvironment());

            assertThat(token.value()).isNotBlank();
            assertThat(Files.readString(dataDir.resolve("api-token")).trim()).isEqualTo(token.value());
        }
    }

    @Test
    void takes_the_token_from_the_environment_and_writes_no_file() {
        ApiToken token = new ApiToken(
                properties(), new MockEnvironment().withProperty(ApiToken.ENV_VARIABLE, "operator-chosen-token"));

        assertThat(token.value()).isEqualTo("operator-chosen-token");
        assertThat(dataDir.resolve("api-token")).doesNotExist();
    }

    @Test
    void matches_only_the_exact_token() {
        ApiToken token =
                new ApiToken(properties(), new MockEnvironment().withProperty(ApiToken.ENV_VARIABLE, "s3cret-token"));

        assertThat(token.matches("s3cret-token")).isTrue();
        assertThat(token.matches("s3cret-token ")).isFalse();
        assertThat(token.matches("s3cret-toke")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.toString()).doesNotContain("s3cret");
    }
}
