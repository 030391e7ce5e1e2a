/** The REST API under {@code /api} (DESIGN §8): controllers, their request and response records, problem details. */
@NullMarked
package dev.puppetengine.web.api;

import org.jspecify.annotations.NullMarked;
