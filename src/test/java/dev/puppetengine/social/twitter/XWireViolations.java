package dev.puppetengine.social.twitter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The X exchanges seen since the last look, waiting to be checked against {@code x-api-v2-openapi.wire.json}: every
 * X stub ({@link XStub}) and, in the whole-app tests, the sandbox X API add each exchange here on the server's thread
 * before the answer leaves (cheaply: the check itself would slow the answer past a client's timeout); {@link
 * XWireCheck} checks them on the test's thread after each test and fails it with what does not match.
 */
public final class XWireViolations {

    private record Seen(String exchange, Supplier<List<String>> errors) {}

    private static final List<Seen> SEEN = new ArrayList<>();
    private static int checked;

    private XWireViolations() {}

    /** One exchange to check; {@code errors} says what is wrong with it, empty when nothing is. */
    public static synchronized void seen(String exchange, Supplier<List<String>> errors) {
        SEEN.add(new Seen(exchange, errors));
    }

    /** Checks what was seen since the last call, which forgets it; the errors, each naming its exchange. */
    public static List<String> check() {
        List<Seen> seen;
        synchronized (XWireViolations.class) {
            seen = List.copyOf(SEEN);
            SEEN.clear();
            checked += seen.size();
        }
        List<String> found = new ArrayList<>();
        for (Seen exchange : seen) {
            for (String error : exchange.errors().get()) {
                found.add(exchange.exchange() + ": " + error);
            }
        }
        return found;
    }

    /** How many exchanges were checked in this JVM so far. */
    public static synchronized int checkedSoFar() {
        return checked;
    }
}
