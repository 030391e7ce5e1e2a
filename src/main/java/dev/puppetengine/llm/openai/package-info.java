/** OpenAI and every OpenAI-compatible server (xAI Grok, Ollama, vLLM, OpenRouter) behind {@code LanguageModel}. */
@NullMarked
package dev.puppetengine.llm.openai;

import org.jspecify.annotations.NullMarked;
