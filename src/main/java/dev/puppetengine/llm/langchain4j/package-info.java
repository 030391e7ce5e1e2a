/**
 * What the LangChain4j-based provider adapters share: the bridge between our {@code LanguageModel} port and a
 * LangChain4j {@code ChatModel}, an HTTP client that keeps error headers ({@code retry-after}), and the mapping of
 * provider failures to {@code ExternalServiceException}s.
 */
@NullMarked
package dev.puppetengine.llm.langchain4j;

import org.jspecify.annotations.NullMarked;
