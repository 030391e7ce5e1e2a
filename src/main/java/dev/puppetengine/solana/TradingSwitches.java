package dev.puppetengine.solana;

import dev.puppetengine.persona.PersonaSpec.Behaviour;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A persona's trading switches in {@code solana_integration}: {@code trading_enabled} (default false),
 * {@code live_trading} (default false; live also needs {@code puppet.solana.live-trading}), {@code paper_balance_sol}
 * (the paper portfolio's starting SOL, default 1.0), {@code wallet_address} (when set, the wallet's key must be
 * for it) and {@code keypair_file} (a Solana CLI keypair file to read the key from instead of the environment).
 * Snake_case or camelCase; {@code ./puppet validate} checks the types.
 */
public record TradingSwitches(
        boolean tradingEnabled,
        boolean liveTrading,
        BigDecimal paperBalanceSol,
        String walletAddress,
        String keypairFile) {

    public static final BigDecimal DEFAULT_PAPER_BALANCE_SOL = BigDecimal.ONE;

    public static TradingSwitches fromPersona(Behaviour behaviour) {
        Map<String, Object> block = behaviour.solanaIntegration();
        Object paper = TradingBlock.value(block, "paper_balance_sol");
        BigDecimal paperSol = DEFAULT_PAPER_BALANCE_SOL;
        if (paper instanceof Number number) {
            paperSol = new BigDecimal(number.toString()).max(BigDecimal.ZERO);
        }
        Object address = TradingBlock.value(block, "wallet_address");
        Object keypair = TradingBlock.value(block, "keypair_file");
        return new TradingSwitches(
                Boolean.TRUE.equals(TradingBlock.value(block, "trading_enabled")),
                Boolean.TRUE.equals(TradingBlock.value(block, "live_trading")),
                paperSol,
                address instanceof String text ? text.strip() : "",
                keypair instanceof String path ? path.strip() : "");
    }

    /** The paper portfolio's starting SOL in lamports. */
    public long paperBalanceLamports() {
        return paperBalanceSol.movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
