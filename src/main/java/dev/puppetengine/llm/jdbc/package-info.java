/** The LLM layer's table {@code llm_usage}: one usage and cost row per model call. */
@NullMarked
package dev.puppetengine.llm.jdbc;

import org.jspecify.annotations.NullMarked;
