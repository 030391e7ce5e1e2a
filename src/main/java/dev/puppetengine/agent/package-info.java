@NullMarked
package dev.puppetengine.agent;

import org.jspecify.annotations.NullMarked;
