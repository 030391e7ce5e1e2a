package dev.puppetengine.social;

import java.text.Normalizer;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Compares the text we sent with the text X returns for it (DESIGN §6.1, reconcile). X stores a post transformed:
 * {@code & < >} come back as {@code &amp; &lt; &gt;}, each link (also a bare {@code example.com}) is replaced by a
 * {@code https://t.co/…} link, whitespace may be trimmed or collapsed, the text is Unicode NFC, and a reply may start
 * with the {@code @handles} of its conversation. {@link #canonical} maps both sides onto one form in which they are
 * equal.
 */
public final class PublishedText {

    static final String LINK = "\u27e8link\u27e9";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern LEADING_HANDLES = Pattern.compile("^(?:@\\w{1,15}\\s+)+");
    private static final Pattern LINKISH = Pattern.compile("(?i)(?:https?://|www\\.)\\S+"
            + "|(?:[\\p{L}\\p{N}][\\p{L}\\p{N}-]*\\.)+\\p{L}{2,}(?:[/:?#]\\S*)?(?![\\p{L}\\p{N}])");

    private PublishedText() {}

    /**
     * The form in which a text we sent and X's copy of it are equal: NFC; {@code &amp; &lt; &gt;} decoded until none
     * is left (so a text that itself contained {@code &amp;} still matches X's {@code &amp;amp;}); every
     * whitespace-separated word holding a link replaced by one placeholder (a t.co link and the URL it replaced then
     * compare equal); the leading {@code @handles} dropped; whitespace collapsed to single spaces and trimmed.
     */
    public static String canonical(String text) {
        String decoded = decodeEntities(Normalizer.normalize(text, Normalizer.Form.NFC));
        StringJoiner words = new StringJoiner(" ");
        for (String word : WHITESPACE.split(decoded.strip())) {
            if (!word.isEmpty()) {
                words.add(LINKISH.matcher(word).find() ? LINK : word);
            }
        }
        return LEADING_HANDLES.matcher(words.toString() + " ").replaceFirst("").strip();
    }

    /** True when X's {@code published} text is what we {@code sent}, as far as X's transformations let us tell. */
    public static boolean same(String sent, String published) {
        return canonical(sent).equals(canonical(published));
    }

    private static String decodeEntities(String text) {
        String current = text;
        while (true) {
            String next = current.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
    }
}
