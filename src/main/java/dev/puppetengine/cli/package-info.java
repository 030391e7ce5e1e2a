@NullMarked
package dev.puppetengine.cli;

import org.jspecify.annotations.NullMarked;
