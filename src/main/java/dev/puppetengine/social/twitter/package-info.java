@NullMarked
package dev.puppetengine.social.twitter;

import org.jspecify.annotations.NullMarked;
