/** Dashboard v0: the static page at {@code /} and the live timeline stream it listens to. */
@NullMarked
package dev.puppetengine.web.dashboard;

import org.jspecify.annotations.NullMarked;
