@NullMarked
package dev.puppetengine.social.sandbox;

import org.jspecify.annotations.NullMarked;
