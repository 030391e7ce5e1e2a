package dev.puppetengine.llm.offline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.PromptComposer;
import dev.puppetengine.llm.PromptInputs;
import dev.puppetengine.llm.StructuredJson;
import dev.puppetengine.llm.TestPersonas;
import dev.puppetengine.llm.TradeBrief;
import dev.puppetengine.llm.TradeChoice;
import dev.puppetengine.persona.PersonaSpec;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfflineTradeChoiceTest {

    private static final String USDC = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
    private static final String BONK = "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263";
    private static final String JUP = "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN";

    private final OfflineComposer composer = new OfflineComposer();
    private final PersonaSpec persona = TestPersonas.persona("ada").build();

    private static TradeBrief brief(String sol, List<TradeBrief.Token> holdings, int left) {
        return new TradeBrief(
                new BigDecimal(sol),
                true,
                holdings,
                List.of(
                        new TradeBrief.Token("USDC", USDC, BigDecimal.ZERO),
                        new TradeBrief.Token("JUP", JUP, BigDecimal.ZERO)),
                new BigDecimal("0.1"),
                new BigDecimal("0.05"),
                left,
                List.of("bought 812.5 JUP for 0.08 SOL (paper)"));
    }

    private TradeChoice choice(TradeBrief brief, long seed) {
        var inputs = new PromptInputs(
                CallType.TRADE_DECISION,
                "restless, upbeat and steady",
                List.of(),
                null,
                List.of(),
                List.of(),
                null,
                String.join("\n", brief.lines()));
        List<ChatMessage> messages =
                new PromptComposer().compose(persona, inputs, seed).messages();
        var request = new GenerationRequest(
                persona, CallType.TRADE_DECISION, messages, CallSampling.defaultFor(CallType.TRADE_DECISION), seed);
        TradeChoice structured =
                composer.generateStructured(request, TradeChoice.class).value();
        assertThat(StructuredJson.parse(composer.generate(request), TradeChoice.class))
                .isEqualTo(structured);
        return structured;
    }

    @Test
    void the_brief_reads_back_from_its_prompt_lines() {
        TradeBrief brief = brief("0.95", List.of(new TradeBrief.Token("BONK", BONK, new BigDecimal("12345.5"))), 3);

        assertThat(TradeBrief.read(String.join(
                        "\n", brief.lines().stream().map(l -> "> " + l).toList())))
                .isEqualTo(brief);
    }

    @Test
    void buys_only_candidates_within_the_per_trade_maximum_and_sells_only_what_it_holds() {
        TradeBrief brief = brief("0.95", List.of(new TradeBrief.Token("BONK", BONK, new BigDecimal("12345.5"))), 3);
        Set<TradeChoice.Action> seen = EnumSet.noneOf(TradeChoice.Action.class);
        for (long seed = 0; seed < 200; seed++) {
            TradeChoice choice = choice(brief, seed);
            seen.add(choice.action());
            assertThat(choice.reason()).isNotBlank();
            switch (choice.action()) {
                case BUY -> {
                    assertThat(choice.mint()).isIn(USDC, JUP);
                    assertThat(choice.amount()).isPositive().isLessThanOrEqualTo(0.1);
                }
                case SELL -> {
                    assertThat(choice.mint()).isEqualTo(BONK);
                    assertThat(choice.amount()).isPositive().isLessThanOrEqualTo(12345.5);
                }
                case HOLD -> {}
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(TradeChoice.Action.values());
    }

    @Test
    void the_same_prompt_and_seed_give_the_same_decision() {
        TradeBrief brief = brief("0.95", List.of(), 3);
        assertThat(choice(brief, 11)).isEqualTo(choice(brief, 11));
    }

    @Test
    void holds_when_done_for_the_day_or_close_to_the_floor() {
        for (long seed = 0; seed < 40; seed++) {
            assertThat(choice(brief("0.95", List.of(), 0), seed).action()).isEqualTo(TradeChoice.Action.HOLD);
            assertThat(choice(brief("0.055", List.of(), 3), seed).action()).isEqualTo(TradeChoice.Action.HOLD);
        }
    }
}
