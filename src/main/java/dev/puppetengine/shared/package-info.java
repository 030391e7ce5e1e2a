@NullMarked
package dev.puppetengine.shared;

import org.jspecify.annotations.NullMarked;
