/** Benchmarks that run the whole engine ({@code ./puppet bench reads}); never part of {@code ./puppet test}. */
@NullMarked
package dev.puppetengine.bench;

import org.jspecify.annotations.NullMarked;
