@NullMarked
package dev.puppetengine.social;

import org.jspecify.annotations.NullMarked;
