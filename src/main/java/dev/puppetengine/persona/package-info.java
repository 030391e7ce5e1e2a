@NullMarked
package dev.puppetengine.persona;

import org.jspecify.annotations.NullMarked;
