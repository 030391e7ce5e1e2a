@NullMarked
package dev.puppetengine.llm;

import org.jspecify.annotations.NullMarked;
