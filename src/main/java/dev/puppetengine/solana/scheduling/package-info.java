/** The trade desk's db-scheduler task: recovery of signed, sent and unconfirmed swaps. */
@NullMarked
package dev.puppetengine.solana.scheduling;

import org.jspecify.annotations.NullMarked;
