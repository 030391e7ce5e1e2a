/** The LLM layer's REST endpoints: {@code GET /api/usage}. */
@NullMarked
package dev.puppetengine.llm.web;

import org.jspecify.annotations.NullMarked;
