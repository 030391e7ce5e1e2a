@NullMarked
package dev.puppetengine.memory;

import org.jspecify.annotations.NullMarked;
