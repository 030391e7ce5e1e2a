package dev.puppetengine.solana;

import java.io.ByteArrayOutputStream;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.sol4k.Base58;
import org.sol4k.CompiledAddressLookupTable;
import org.sol4k.Keypair;
import org.sol4k.MessageHeader;
import org.sol4k.TransactionMessage;
import org.sol4k.instruction.CompiledInstruction;

/** Keys, a Jupiter-shaped v0 transaction and the JSON Jupiter and the RPC node send, for the Solana tests. */
public final class SolanaFixtures {

    static final String USDC = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
    public static final String BONK = "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263";
    static final String JUPITER_PROGRAM = "JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4";
    static final String COMPUTE_BUDGET_PROGRAM = "ComputeBudget111111111111111111111111111111";
    static final String LOOKUP_TABLE = "2immgwYNHBbyVQKVGCEkgWpi53bLwWNRMB5G2nbgYV17";
    static final String BLOCKHASH = "EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N";

    private SolanaFixtures() {}

    /** A fresh keypair (no funds anywhere) and the base58 text of its 64-byte secret. */
    public static Keypair keypair() {
        return Keypair.generate();
    }

    public static String base58Secret(Keypair keypair) {
        return Base58.encode(keypair.getSecret());
    }

    static Wallet wallet(Keypair keypair) {
        return Wallet.fromBase58("TEST_KEY", base58Secret(keypair));
    }

    /** The solana-keygen file text of a keypair: a JSON array of its 64 secret-key bytes. */
    static String keypairFile(Keypair keypair) {
        byte[] secret = keypair.getSecret();
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < secret.length; i++) {
            text.append(i == 0 ? "" : ",").append(secret[i] & 0xff);
        }
        return text.append("]").toString();
    }

    /**
     * A v0 message shaped like Jupiter's swaps: the payer, compute-budget instructions, a route instruction on the
     * Jupiter program, and accounts loaded from an address lookup table.
     */
    public static TransactionMessage swapMessage(org.sol4k.PublicKey payer) {
        List<org.sol4k.PublicKey> accounts = List.of(
                payer,
                new org.sol4k.PublicKey("7YttLkHDoNj9wyDur5pM1ejNaAvT9X4eqaYcHQqtj2G5"),
                new org.sol4k.PublicKey(COMPUTE_BUDGET_PROGRAM),
                new org.sol4k.PublicKey(JUPITER_PROGRAM));
        List<CompiledInstruction> instructions = List.of(
                new CompiledInstruction(HexFormat.of().parseHex("02c0270900"), List.of(), 2),
                new CompiledInstruction(HexFormat.of().parseHex("03a086010000000000"), List.of(), 2),
                new CompiledInstruction(
                        HexFormat.of().parseHex("e517cb977ae3ad2a0100000026640001a08601000000000010270000000000003200"),
                        List.of(0, 1, 4, 5, 6),
                        3));
        List<CompiledAddressLookupTable> tables = List.of(new CompiledAddressLookupTable(
                new org.sol4k.PublicKey(LOOKUP_TABLE), new byte[] {3, 7}, new byte[] {12}));
        return new TransactionMessage(
                TransactionMessage.MessageVersion.V0,
                new MessageHeader(1, 0, 2),
                accounts,
                BLOCKHASH,
                instructions,
                tables);
    }

    /** The wire bytes of {@code message} with its signature slots zeroed, as Jupiter's {@code swapTransaction}. */
    public static byte[] unsigned(TransactionMessage message, int signatureSlots) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(signatureSlots);
        bytes.writeBytes(new byte[64 * signatureSlots]);
        bytes.writeBytes(message.serialize());
        return bytes.toByteArray();
    }

    /** Verifies an Ed25519 signature with the JDK's own provider, independent of sol4k. */
    static boolean verifies(byte[] publicKey, byte[] message, byte[] signature) throws Exception {
        byte[] x509 = Arrays.copyOf(HexFormat.of().parseHex("302a300506032b6570032100"), 44);
        System.arraycopy(publicKey, 0, x509, 12, 32);
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    /** A quote as Jupiter's {@code GET /quote} answers, SOL → {@code outputMint}. */
    public static String quoteJson(
            String inputMint, String outputMint, long inAmount, long outAmount, int slippageBps, String impact) {
        return """
                {
                  "inputMint": "%s",
                  "inAmount": "%d",
                  "outputMint": "%s",
                  "outAmount": "%d",
                  "otherAmountThreshold": "%d",
                  "swapMode": "ExactIn",
                  "slippageBps": %d,
                  "platformFee": null,
                  "priceImpactPct": "%s",
                  "routePlan": [
                    {
                      "swapInfo": {
                        "ammKey": "5BUwFW4nRbftYTDMbgxykoFWqWHPzahFSNAaaaJtVKsq",
                        "label": "Meteora DLMM",
                        "inputMint": "%s",
                        "outputMint": "%s",
                        "inAmount": "%d",
                        "outAmount": "%d",
                        "feeAmount": "24825",
                        "feeMint": "%s"
                      },
                      "percent": 100,
                      "bps": 10000
                    }
                  ],
                  "contextSlot": 299283763,
                  "timeTaken": 0.015257836
                }
                """.formatted(
                        inputMint,
                        inAmount,
                        outputMint,
                        outAmount,
                        outAmount - outAmount * slippageBps / 10_000,
                        slippageBps,
                        impact,
                        inputMint,
                        outputMint,
                        inAmount,
                        outAmount,
                        inputMint);
    }
}
