package dev.puppetengine.solana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.puppetengine.shared.ExternalServiceException.InvalidRequest;
import dev.puppetengine.solana.FeePayerSigner.SignedTransaction;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.sol4k.Base58;
import org.sol4k.Keypair;
import org.sol4k.MessageHeader;
import org.sol4k.TransactionMessage;
import org.sol4k.VersionedTransaction;

class FeePayerSignerTest {

    private final Keypair keypair = SolanaFixtures.keypair();
    private final Wallet wallet = SolanaFixtures.wallet(keypair);
    private final TransactionMessage message = SolanaFixtures.swapMessage(keypair.getPublicKey());
    private final String unsigned = Base64.getEncoder().encodeToString(SolanaFixtures.unsigned(message, 1));

    @Test
    void the_signature_verifies_with_ed25519_against_the_wallet_key() throws Exception {
        SignedTransaction signed = FeePayerSigner.sign(unsigned, wallet);

        byte[] bytes = signed.bytes();
        byte[] signature = Arrays.copyOfRange(bytes, 1, 65);
        byte[] signedMessage = Arrays.copyOfRange(bytes, 65, bytes.length);
        assertThat(signedMessage).isEqualTo(message.serialize());
        assertThat(SolanaFixtures.verifies(keypair.getPublicKey().bytes(), signedMessage, signature))
                .isTrue();
        assertThat(signed.signature()).isEqualTo(Base58.encode(signature));
    }

    @Test
    void signs_exactly_as_sol4k_does_and_round_trips_through_its_decoder() {
        SignedTransaction signed = FeePayerSigner.sign(unsigned, wallet);

        VersionedTransaction bySol4k = new VersionedTransaction(message);
        bySol4k.sign(keypair);
        assertThat(signed.bytes()).isEqualTo(bySol4k.serialize());
        VersionedTransaction decoded = VersionedTransaction.from(signed.base64());
        assertThat(decoded.getMessage().serialize()).isEqualTo(message.serialize());
        assertThat(decoded.serialize()).isEqualTo(signed.bytes());
    }

    @Test
    void the_message_is_left_exactly_as_received() {
        byte[] original = Base64.getDecoder().decode(unsigned);

        byte[] signed = FeePayerSigner.sign(unsigned, wallet).bytes();

        assertThat(Arrays.copyOfRange(signed, 65, signed.length))
                .isEqualTo(Arrays.copyOfRange(original, 65, original.length));
        assertThat(signed).hasSameSizeAs(original);
    }

    @Test
    void refuses_a_transaction_paid_by_another_account() {
        Keypair other = SolanaFixtures.keypair();
        String foreign = Base64.getEncoder()
                .encodeToString(SolanaFixtures.unsigned(SolanaFixtures.swapMessage(other.getPublicKey()), 1));

        assertThatThrownBy(() -> FeePayerSigner.sign(foreign, wallet))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("is paid by " + other.getPublicKey().toBase58() + ", not by the wallet");
    }

    @Test
    void refuses_a_transaction_that_needs_another_signer() {
        TransactionMessage twoSigners = new TransactionMessage(
                TransactionMessage.MessageVersion.V0,
                new MessageHeader(2, 0, 2),
                message.getAccounts$sol4k(),
                SolanaFixtures.BLOCKHASH,
                message.getInstructions$sol4k(),
                message.getAddressLookupTables$sol4k());
        String transaction = Base64.getEncoder().encodeToString(SolanaFixtures.unsigned(twoSigners, 2));

        assertThatThrownBy(() -> FeePayerSigner.sign(transaction, wallet))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("needs 2 signers");
    }

    @Test
    void refuses_bytes_that_are_no_transaction() {
        assertThatThrownBy(() -> FeePayerSigner.sign(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}), wallet))
                .isInstanceOf(InvalidRequest.class)
                .hasMessage("jupiter: the swap transaction is not a serialized Solana transaction");
    }
}
