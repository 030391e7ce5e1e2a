package dev.puppetengine.solana;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import tools.jackson.databind.json.JsonMapper;

/** The RPC client, the Jupiter client and swap execution built from one {@link SolanaProperties}. */
public record SolanaClients(SolanaRpcClient rpc, JupiterClient jupiter, SwapExecution swaps) {

    public static SolanaClients create(
            SolanaProperties properties, HttpClient http, JsonMapper json, MeterRegistry meters, Clock clock) {
        JsonHttp exchange = new JsonHttp(http, json, meters);
        SolanaRpcClient rpc = new SolanaRpcClient(properties.rpcUrl(), exchange, properties.timeout());
        JupiterClient jupiter =
                new JupiterClient(properties.jupiterUrl(), properties.jupiterApiKey(), exchange, properties.timeout());
        SwapExecution swaps = new SwapExecution(
                jupiter,
                rpc,
                clock,
                duration -> Thread.sleep(duration),
                properties.confirmTimeout(),
                properties.confirmPoll());
        return new SolanaClients(rpc, jupiter, swaps);
    }
}
