/** The event queue on the engine's database. */
@NullMarked
package dev.puppetengine.event.jdbc;

import org.jspecify.annotations.NullMarked;
