/**
 * The web server's guard (issue 8, {@code docs/security.md}): the operator token on {@code /api/**} and the actuator,
 * authorised on the path Spring routes; Spring Security's strict firewall against ambiguous paths; the Host check
 * against DNS rebinding; the same-origin rule for cookie-authenticated writes; body limits; and the security headers
 * on every response. Every refusal is an RFC 9457 problem.
 */
@NullMarked
package dev.puppetengine.web.security;

import org.jspecify.annotations.NullMarked;
