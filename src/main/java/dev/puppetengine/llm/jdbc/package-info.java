/** The LLM layer's tables: usage and cost rows, and the persona status it reports. */
@NullMarked
package dev.puppetengine.llm.jdbc;

import org.jspecify.annotations.NullMarked;
