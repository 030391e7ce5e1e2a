@NullMarked
package dev.puppetengine.event;

import org.jspecify.annotations.NullMarked;
