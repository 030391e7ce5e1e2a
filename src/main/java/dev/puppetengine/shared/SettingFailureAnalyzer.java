package dev.puppetengine.shared;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a bad setting at startup as one line naming the key and what it accepts ({@link SettingFailures}), ahead of
 * Spring Boot's own multi-line analysis. Registered in {@code META-INF/spring.factories}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class SettingFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String problem = SettingFailures.find(rootFailure);
        return problem == null
                ? null
                : new FailureAnalysis(
                        problem,
                        "Fix that setting in application.yml, the extra config file or the environment variable that"
                                + " sets it.",
                        cause);
    }
}
