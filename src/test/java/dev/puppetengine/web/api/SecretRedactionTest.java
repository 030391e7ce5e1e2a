package dev.puppetengine.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRedactionTest {

    @ParameterizedTest(name = "{0} names a secret: {1}")
    @CsvSource({
        "private_key, true",
        "privateKey, true",
        "wallet_private_key, true",
        "api_key, true",
        "x-api-key, true",
        "jupiter_api_key, true",
        "client_secret, true",
        "password, true",
        "seed_phrase, true",
        "mnemonic, true",
        "refresh_token, true",
        "keypair, true",
        "rpc_url, false",
        "preferred_tokens, false",
        "max_sol_per_trade, false",
        "keep_min_balance, false",
        "enabled, false"
    })
    void recognises_keys_that_name_secrets(String key, boolean secret) {
        assertThat(SecretRedaction.namesSecret(key)).isEqualTo(secret);
    }
}
