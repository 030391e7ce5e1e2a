@NullMarked
package dev.puppetengine.social.jdbc;

import org.jspecify.annotations.NullMarked;
