package dev.puppetengine.web.security;

import dev.puppetengine.web.api.ApiToken;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * The one stateless filter chain (issue 8, {@code docs/security.md}). In order: the firewall rejects ambiguous paths
 * (400) before anything routes; the security headers; the Host check (421); the body limit (413); the API token
 * (bearer or cookie); the same-origin rule for cookie writes (403); then authorisation on the path Spring routes:
 * {@code /api/**} and {@code /actuator/**} need the token, except {@code /actuator/health}; everything else (the
 * dashboard, the sandbox X API with its own OAuth, {@code /error}) is open. No session, login page, basic auth or
 * default user.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(WebSecurityProperties.class)
class WebSecurityConfiguration {

    @Bean
    ApiTokenAuthenticationProvider apiTokenAuthenticationProvider(ApiToken token) {
        return new ApiTokenAuthenticationProvider(token);
    }

    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowSemicolon(false);
        firewall.setAllowUrlEncodedSlash(false);
        firewall.setAllowUrlEncodedDoubleSlash(false);
        firewall.setAllowBackSlash(false);
        firewall.setAllowUrlEncodedPercent(false);
        firewall.setAllowUrlEncodedPeriod(false);
        firewall.setAllowNull(false);
        firewall.setAllowedHttpMethods(List.copyOf(FirewallRejections.ALLOWED_METHODS));
        return firewall;
    }

    /**
     * No Micrometer observation per security filter, authentication and authorization: with them every request ran
     * through an observing decorator around each filter (15 % of all samples at 10,000 personas sat under it, most of
     * it the sandbox X API the personas call). Requests are still measured, by Spring MVC ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    WebSecurityCustomizer firewallWithProblemAnswers(StrictHttpFirewall firewall) {
        return web -> web.httpFirewall(firewall).requestRejectedHandler(new FirewallRejections());
    }

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            ApiToken token,
            ApiTokenAuthenticationProvider provider,
            WebSecurityProperties properties)
            throws Exception {
        http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(
                        context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> {})
                .headers(headers -> {
                    headers.defaultsDisabled();
                    SecurityHeaders.WRITERS.forEach(headers::addHeaderWriter);
                })
                .addFilterAfter(new AllowedHostFilter(properties.allowedHosts()), HeaderWriterFilter.class)
                .addFilterAfter(new BodySizeLimitFilter(properties.api().maxBodySize()), AllowedHostFilter.class)
                .addFilterBefore(new ApiTokenAuthenticationFilter(token, provider), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new SameOriginCookieWrites(), AuthorizationFilter.class)
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, refused) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"puppet\"");
                            Problems.write(
                                    request,
                                    response,
                                    HttpStatus.UNAUTHORIZED,
                                    ApiTokenAuthenticationFilter.presentsToken(request)
                                            ? "The API token is wrong."
                                            : "An API token is required: send 'Authorization: Bearer TOKEN' (the"
                                                    + " token is in DATA_DIR/api-token or PUPPET_API_TOKEN).");
                        })
                        .accessDeniedHandler((request, response, denied) ->
                                Problems.write(request, response, HttpStatus.FORBIDDEN, "Not allowed.")))
                .authorizeHttpRequests(
                        requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC)
                                .permitAll()
                                .requestMatchers("/actuator/health", "/actuator/health/**")
                                .permitAll()
                                .requestMatchers("/api/**", "/actuator/**")
                                .authenticated()
                                .anyRequest()
                                .permitAll());
        return http.build();
    }
}
