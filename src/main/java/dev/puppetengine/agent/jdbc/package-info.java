/** JDBC adapter of the persona state store (tables from {@code db/migration}, portable across H2 and PostgreSQL). */
@NullMarked
package dev.puppetengine.agent.jdbc;

import org.jspecify.annotations.NullMarked;
