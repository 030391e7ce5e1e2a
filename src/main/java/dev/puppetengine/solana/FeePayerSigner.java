package dev.puppetengine.solana;

import dev.puppetengine.shared.ExternalServiceException.InvalidRequest;
import java.util.Arrays;
import java.util.Base64;
import org.sol4k.Base58;
import org.sol4k.VersionedTransaction;

/**
 * Signs a serialized transaction (legacy or v0, as Jupiter's {@code /swap} returns it) locally as its fee payer: the
 * message bytes are left exactly as received, and the fee payer's signature slot (the first) is replaced. Refuses a
 * transaction whose fee payer is not the wallet or that needs any other signer, so a swap can never spend on behalf
 * of another account or wait for a co-signer.
 */
final class FeePayerSigner {

    private static final int PUBLIC_KEY_LENGTH = 32;
    private static final int VERSION_PREFIX = 0x80;

    private FeePayerSigner() {}

    /** A transaction ready to send: its wire bytes and its id, the fee payer's signature in base58. */
    record SignedTransaction(byte[] bytes, String signature) {
        SignedTransaction {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        String base64() {
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    static SignedTransaction sign(String base64Transaction, Wallet wallet) {
        byte[] transaction;
        try {
            transaction = Base64.getDecoder().decode(base64Transaction);
            // A full decode first: whatever sol4k cannot read is not signed.
            VersionedTransaction.from(base64Transaction);
        } catch (RuntimeException e) {
            throw refused("is not a serialized Solana transaction");
        }
        return sign(transaction, wallet);
    }

    static SignedTransaction sign(byte[] transaction, Wallet wallet) {
        int[] count = compactU16(transaction, 0);
        int signatures = count[0];
        int messageStart = count[1] + signatures * Wallet.SIGNATURE_LENGTH;
        if (signatures < 1 || messageStart >= transaction.length) {
            throw refused("has no signature slot");
        }
        int at = messageStart;
        if ((transaction[at] & VERSION_PREFIX) != 0) {
            int version = transaction[at] & 0x7f;
            if (version != 0) {
                throw refused("is a version " + version + " transaction; only legacy and v0 are signed");
            }
            at++;
        }
        if (at + 3 > transaction.length) {
            throw refused("is truncated");
        }
        int requiredSignatures = transaction[at] & 0xff;
        if (requiredSignatures != signatures) {
            throw refused("has " + signatures + " signature slots for " + requiredSignatures + " signers");
        }
        if (requiredSignatures != 1) {
            throw refused("needs " + requiredSignatures + " signers; only the wallet signs");
        }
        int[] accounts = compactU16(transaction, at + 3);
        int feePayerStart = accounts[1];
        if (accounts[0] < 1 || feePayerStart + PUBLIC_KEY_LENGTH > transaction.length) {
            throw refused("has no fee payer");
        }
        byte[] feePayer = Arrays.copyOfRange(transaction, feePayerStart, feePayerStart + PUBLIC_KEY_LENGTH);
        if (!Arrays.equals(feePayer, wallet.publicKey())) {
            throw refused("is paid by " + Base58.encode(feePayer) + ", not by the wallet " + wallet.address());
        }
        byte[] message = Arrays.copyOfRange(transaction, messageStart, transaction.length);
        byte[] signature = wallet.sign(message);
        byte[] signed = transaction.clone();
        System.arraycopy(signature, 0, signed, count[1], Wallet.SIGNATURE_LENGTH);
        return new SignedTransaction(signed, Base58.encode(signature));
    }

    /** Solana's compact-u16 at {@code offset}: {value, offset after it}. */
    private static int[] compactU16(byte[] bytes, int offset) {
        int value = 0;
        int at = offset;
        for (int shift = 0; shift <= 14; shift += 7) {
            if (at >= bytes.length) {
                throw refused("is truncated");
            }
            int b = bytes[at++] & 0xff;
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return new int[] {value, at};
            }
        }
        throw refused("has a malformed length");
    }

    private static InvalidRequest refused(String reason) {
        return new InvalidRequest(SolanaErrors.JUPITER, "the swap transaction " + reason, null);
    }
}
