/** The trade ledger and the paper portfolios on the engine's database. */
@NullMarked
package dev.puppetengine.solana.jdbc;

import org.jspecify.annotations.NullMarked;
