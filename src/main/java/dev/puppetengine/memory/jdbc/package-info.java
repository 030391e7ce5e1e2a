/** The JDBC adapter of {@link dev.puppetengine.memory.MemoryStore}, portable across H2 and PostgreSQL. */
@NullMarked
package dev.puppetengine.memory.jdbc;

import org.jspecify.annotations.NullMarked;
