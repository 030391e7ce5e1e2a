@NullMarked
package dev.puppetengine.web;

import org.jspecify.annotations.NullMarked;
