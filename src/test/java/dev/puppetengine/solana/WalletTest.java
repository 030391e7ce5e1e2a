package dev.puppetengine.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.persona.PersonaId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sol4k.Base58;
import org.sol4k.Keypair;

class WalletTest {

    private final Keypair keypair = SolanaFixtures.keypair();
    private final String secret = SolanaFixtures.base58Secret(keypair);

    @Nested
    class Loading {

        @Test
        void reads_a_solana_cli_keypair_file(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("id.json");
            Files.writeString(file, SolanaFixtures.keypairFile(keypair) + "\n");

            Wallet wallet = Wallet.fromKeypairFile(file);

            assertThat(wallet.address()).isEqualTo(keypair.getPublicKey().toBase58());
        }

        @Test
        void prefers_the_persona_variable_over_the_shared_one() {
            Keypair other = SolanaFixtures.keypair();
            Map<String, String> env = Map.of(
                    "SOLANA_PRIVATE_KEY_COBY_AGENT", secret, "SOLANA_PRIVATE_KEY", SolanaFixtures.base58Secret(other));

            assertThat(Wallet.find(PersonaId.of("coby-agent"), null, env::get))
                    .get()
                    .extracting(Wallet::address)
                    .isEqualTo(keypair.getPublicKey().toBase58());
            assertThat(Wallet.find(PersonaId.of("other"), null, env::get))
                    .get()
                    .extracting(Wallet::address)
                    .isEqualTo(other.getPublicKey().toBase58());
        }

        @Test
        void finds_no_wallet_when_nothing_is_set() {
            assertThat(Wallet.find(PersonaId.of("coby"), null, name -> null)).isEmpty();
        }

        @Test
        void signs_what_its_public_key_verifies() throws Exception {
            Wallet wallet = SolanaFixtures.wallet(keypair);
            byte[] message = "a message".getBytes(java.nio.charset.StandardCharsets.UTF_8);

            assertThat(SolanaFixtures.verifies(wallet.publicKey(), message, wallet.sign(message)))
                    .isTrue();
        }
    }

    @Nested
    class Secrecy {

        @Test
        void shows_only_the_address() {
            Wallet wallet = SolanaFixtures.wallet(keypair);

            assertThat(wallet.toString())
                    .isEqualTo("Wallet[" + keypair.getPublicKey().toBase58() + "]")
                    .doesNotContain(secret);
        }

        @Test
        void a_key_of_the_wrong_length_is_refused_without_the_key() {
            String short32 = Base58.encode(Arrays.copyOf(keypair.getSecret(), 32));

            assertThatThrownBy(() -> Wallet.fromBase58("SOLANA_PRIVATE_KEY_COBY", short32))
                    .isInstanceOf(WalletKeyException.class)
                    .hasMessage(
                            "Solana wallet key SOLANA_PRIVATE_KEY_COBY must hold a 64-byte secret key, has 32 bytes")
                    .hasNoCause()
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(short32));
        }

        @Test
        void a_key_that_is_not_base58_is_refused_without_the_key() {
            String mangled = secret.substring(0, 40) + "0OIl" + secret.substring(44);

            assertThatThrownBy(() -> Wallet.fromBase58("SOLANA_PRIVATE_KEY", mangled))
                    .isInstanceOf(WalletKeyException.class)
                    .hasMessage("Solana wallet key SOLANA_PRIVATE_KEY is not base58 text")
                    .hasNoCause();
        }

        @Test
        void a_key_whose_halves_do_not_match_is_refused_without_the_key() {
            byte[] mixed = keypair.getSecret();
            System.arraycopy(SolanaFixtures.keypair().getPublicKey().bytes(), 0, mixed, 32, 32);
            String text = Base58.encode(mixed);

            assertThatThrownBy(() -> Wallet.fromBase58("SOLANA_PRIVATE_KEY", text))
                    .isInstanceOf(WalletKeyException.class)
                    .hasMessageContaining("public key that does not match its private key")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(text));
        }

        @Test
        void a_bad_keypair_file_is_named_without_its_content(@TempDir Path dir) throws Exception {
            Path file = dir.resolve("id.json");
            String content = SolanaFixtures.keypairFile(keypair).replace("]", ",999]");
            Files.writeString(file, content);

            assertThatThrownBy(() -> Wallet.fromKeypairFile(file))
                    .isInstanceOf(WalletKeyException.class)
                    .hasMessage(
                            "Solana wallet key " + file + " must be a JSON array of 64 numbers 0-255 (item 64 is not)")
                    .extracting(e -> ((WalletKeyException) e).source())
                    .isEqualTo(file.toString());
        }

        @Test
        void a_missing_keypair_file_is_named(@TempDir Path dir) {
            Path file = dir.resolve("missing.json");

            assertThatThrownBy(() -> Wallet.fromKeypairFile(file))
                    .isInstanceOf(WalletKeyException.class)
                    .hasMessage("Solana wallet key " + file + " cannot be read (NoSuchFileException)");
        }
    }
}
