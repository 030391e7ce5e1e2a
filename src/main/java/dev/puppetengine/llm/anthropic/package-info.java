/** Anthropic's Messages API behind {@code LanguageModel}. */
@NullMarked
package dev.puppetengine.llm.anthropic;

import org.jspecify.annotations.NullMarked;
