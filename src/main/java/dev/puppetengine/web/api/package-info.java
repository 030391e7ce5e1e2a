/**
 * The operator REST API under {@code /api} (DESIGN §8): bearer-token auth, RFC 9457 problem details, thin controllers
 * with their request and response records.
 */
@NullMarked
package dev.puppetengine.web.api;

import org.jspecify.annotations.NullMarked;
