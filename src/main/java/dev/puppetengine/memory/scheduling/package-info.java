/** The memory jobs as db-scheduler tasks: retention. */
@NullMarked
package dev.puppetengine.memory.scheduling;

import org.jspecify.annotations.NullMarked;
