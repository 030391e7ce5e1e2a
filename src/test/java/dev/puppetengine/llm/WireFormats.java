package dev.puppetengine.llm;

/** Provider responses exactly as the real APIs send them, for WireMock. */
public final class WireFormats {

    private WireFormats() {}

    public static String openAiCompletion(String content, int promptTokens, int completionTokens, int cachedTokens) {
        return """
                {
                  "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
                  "object": "chat.completion",
                  "created": 1741570283,
                  "model": "gpt-4o-mini-2024-07-18",
                  "choices": [
                    {
                      "index": 0,
                      "message": {
                        "role": "assistant",
                        "content": %s,
                        "refusal": null,
                        "annotations": []
                      },
                      "logprobs": null,
                      "finish_reason": "stop"
                    }
                  ],
                  "usage": {
                    "prompt_tokens": %d,
                    "completion_tokens": %d,
                    "total_tokens": %d,
                    "prompt_tokens_details": {"cached_tokens": %d, "audio_tokens": 0},
                    "completion_tokens_details": {
                      "reasoning_tokens": 0,
                      "audio_tokens": 0,
                      "accepted_prediction_tokens": 0,
                      "rejected_prediction_tokens": 0
                    }
                  },
                  "service_tier": "default",
                  "system_fingerprint": "fp_06737a9306"
                }
                """.formatted(
                jsonString(content), promptTokens, completionTokens, promptTokens + completionTokens, cachedTokens);
    }

    public static String openAiError(String message, String type, String code) {
        return """
                {"error": {"message": %s, "type": "%s", "param": null, "code": "%s"}}
                """.formatted(jsonString(message), type, code);
    }

    public static String anthropicMessage(String text, int inputTokens, int outputTokens, int cacheRead) {
        return """
                {
                  "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
                  "type": "message",
                  "role": "assistant",
                  "model": "claude-haiku-4-5-20251001",
                  "content": [{"type": "text", "text": %s}],
                  "stop_reason": "end_turn",
                  "stop_sequence": null,
                  "usage": {
                    "input_tokens": %d,
                    "cache_creation_input_tokens": 0,
                    "cache_read_input_tokens": %d,
                    "output_tokens": %d,
                    "service_tier": "standard"
                  }
                }
                """.formatted(jsonString(text), inputTokens, cacheRead, outputTokens);
    }

    public static String anthropicError(String type, String message) {
        return """
                {"type": "error", "error": {"type": "%s", "message": %s}}
                """.formatted(type, jsonString(message));
    }

    private static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
