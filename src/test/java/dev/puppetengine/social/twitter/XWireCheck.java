package dev.puppetengine.social.twitter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails a test when X traffic during it (a request to an {@link XStub} or to the sandbox X API, and the answer) did
 * not match the wire file, naming the operation, the field and the reason. Registered for every test by
 * {@code META-INF/services} with {@code junit.jupiter.extensions.autodetection.enabled}; after each test and after
 * each class (for traffic in {@code @BeforeAll}/{@code @AfterAll}).
 */
public final class XWireCheck implements AfterEachCallback, AfterAllCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        check(context);
    }

    private static final Logger log = LoggerFactory.getLogger(XWireCheck.class);

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getTestClass().map(Class::getEnclosingClass).isEmpty()) {
            log.info(
                    "{}: {} X exchanges checked against the wire file in this JVM so far",
                    context.getDisplayName(),
                    XWireViolations.checkedSoFar());
        }
        check(context);
    }

    private static void check(ExtensionContext context) {
        List<String> found = XWireViolations.check();
        assertThat(found)
                .as(
                        "X traffic in %s that %s would not send or accept (operation: error)",
                        context.getDisplayName(), XWireFile.LOCATION)
                .isEmpty();
    }
}
