/**
 * The agent's db-scheduler tasks: per active persona one {@code post-due} and one {@code mentions} instance (instance
 * id = persona id), each rescheduling itself, and the wiring that keeps them in step with pause and resume.
 */
@NullMarked
package dev.puppetengine.agent.scheduling;

import org.jspecify.annotations.NullMarked;
