/**
 * The agent feature's tables ({@code persona_state}, {@code relationship}, {@code mention_cursor}, {@code cast_search_cursor},
 * {@code handled_input}, {@code decision}): the persona state store, the decision log and the status board the LLM
 * layer reports to. Portable across H2 and PostgreSQL.
 */
@NullMarked
package dev.puppetengine.agent.jdbc;

import org.jspecify.annotations.NullMarked;
