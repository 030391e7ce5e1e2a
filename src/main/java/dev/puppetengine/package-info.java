@NullMarked
package dev.puppetengine;

import org.jspecify.annotations.NullMarked;
