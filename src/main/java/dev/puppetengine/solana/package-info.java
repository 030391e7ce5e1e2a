@NullMarked
package dev.puppetengine.solana;

import org.jspecify.annotations.NullMarked;
