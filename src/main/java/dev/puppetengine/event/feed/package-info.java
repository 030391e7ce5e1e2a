/** The RSS/Atom feed reader: the JDK's HTTP client and Rome. */
@NullMarked
package dev.puppetengine.event.feed;

import org.jspecify.annotations.NullMarked;
