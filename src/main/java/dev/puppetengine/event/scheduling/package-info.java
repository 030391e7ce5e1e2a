/** db-scheduler: the scheduler itself and the engine's persistent tasks (one post-due task per active persona). */
@NullMarked
package dev.puppetengine.event.scheduling;

import org.jspecify.annotations.NullMarked;
