/** db-scheduler: the scheduler itself and its lifecycle; each feature registers its own tasks as beans. */
@NullMarked
package dev.puppetengine.event.scheduling;

import org.jspecify.annotations.NullMarked;
