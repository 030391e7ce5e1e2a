package dev.puppetengine.llm;

import com.twitter.twittertext.TwitterTextParser;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Facts about a post's text shared by the composer and the output policy: X's weighted length, emojis, tags. */
public final class PostText {

    /** X's limit for one post, in weighted characters (URLs count 23, CJK and emojis 2). */
    public static final int MAX_WEIGHTED_LENGTH = 280;

    private static final Pattern HASHTAG =
            Pattern.compile("(?<![\\p{L}\\p{N}_&])[#＃][\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*");
    private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_])[@＠]([A-Za-z0-9_]{1,15})\\b");
    private static final Pattern SPACES = Pattern.compile("[ \\t]+");
    private static final Pattern SPACE_BEFORE_PUNCTUATION = Pattern.compile(" +([.,!?;:])");

    private static final double NEAR_DUPLICATE_JACCARD = 0.85;

    private PostText() {}

    /**
     * Why {@code text} repeats one of {@code recentPosts}: word for word once case, accents, punctuation and links are
     * ignored, or nearly (six words or more, 85% of them shared); null when it does not.
     */
    public static @Nullable String repetition(String text, List<String> recentPosts) {
        String normalized = normalized(text);
        Set<String> words = new HashSet<>(Arrays.asList(normalized.split(" ")));
        for (String recent : recentPosts) {
            String other = normalized(recent);
            if (other.equals(normalized)) {
                return "identical to a recent post";
            }
            if (words.size() >= 6
                    && jaccard(words, new HashSet<>(Arrays.asList(other.split(" ")))) >= NEAR_DUPLICATE_JACCARD) {
                return "nearly the same words as a recent post";
            }
        }
        return null;
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        long common = a.stream().filter(b::contains).count();
        return (double) common / (a.size() + b.size() - common);
    }

    /** X's weighted length of {@code text}, exactly as twitter-text counts it. */
    public static int weightedLength(String text) {
        // the parser counts a blank text as 0
        return isPlainAscii(text) && !text.isBlank()
                ? text.length()
                : TwitterTextParser.parseTweet(text).weightedLength;
    }

    /** Whether X would accept {@code text} as a post: not blank, no invalid characters, 280 weighted or fewer. */
    public static boolean isValidPost(String text) {
        if (text.isBlank()) {
            return false;
        }
        return isPlainAscii(text) ? text.length() <= MAX_WEIGHTED_LENGTH : TwitterTextParser.parseTweet(text).isValid;
    }

    /**
     * Printable ASCII and line feeds in which no '.' is followed by a letter, a digit, '-' or '_': twitter-text weighs
     * each such character 1, NFC leaves it as it is, and no URL can be found in it (every URL it extracts has a host
     * with a dot followed by a label: {@code example.com}, {@code t.co}, {@code 127.0.0.1}), so the parser would return
     * the length. A sentence's full stop before a space or at the end keeps the shortcut.
     */
    private static boolean isPlainAscii(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if ((c < 0x20 || c > 0x7E) && c != '\n') {
                return false;
            }
            if (c == '.' && i + 1 < length && isLabelChar(text.charAt(i + 1))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLabelChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** True for pictographic emoji code points (digits, '#' and '*' are emoji components, not emojis). */
    public static boolean isEmoji(int codePoint) {
        return codePoint > 0x7F
                && (Character.isEmoji(codePoint) || Character.isEmojiComponent(codePoint) && codePoint > 0x2000);
    }

    public static boolean containsEmoji(String text) {
        return text.codePoints().anyMatch(PostText::isEmoji);
    }

    /** Removes emojis with their joiners and variation selectors, then tidies the spaces they leave. */
    public static String stripEmojis(String text) {
        var out = new StringBuilder(text.length());
        text.codePoints()
                .filter(cp -> !isEmoji(cp) && cp != 0x200D && cp != 0xFE0F && cp != 0xFE0E && cp != 0x20E3)
                .forEach(out::appendCodePoint);
        return tidySpaces(out.toString());
    }

    public static List<String> hashtags(String text) {
        return matches(HASHTAG, text, 0);
    }

    public static String stripHashtags(String text) {
        return tidySpaces(HASHTAG.matcher(text).replaceAll(""));
    }

    /** The handles mentioned, without the {@code @}. */
    public static List<String> mentions(String text) {
        return matches(MENTION, text, 1);
    }

    /** Lowercase, accents and punctuation removed, whitespace collapsed: identical texts after this are duplicates. */
    public static String normalized(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        String lettersOnly = decomposed
                .toLowerCase(Locale.ROOT)
                .replaceAll("https?://\\S+", " ")
                .replaceAll("\\p{M}", "")
                .replaceAll("[^\\p{L}\\p{N}]+", " ");
        return lettersOnly.trim();
    }

    /** Collapses runs of spaces, drops spaces before punctuation and trims each line. */
    public static String tidySpaces(String text) {
        String collapsed = SPACES.matcher(text).replaceAll(" ");
        collapsed = SPACE_BEFORE_PUNCTUATION.matcher(collapsed).replaceAll("$1");
        return collapsed
                .lines()
                .map(String::strip)
                .reduce((a, b) -> a + "\n" + b)
                .orElse("")
                .strip();
    }

    private static List<String> matches(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(group));
        }
        return List.copyOf(found);
    }
}
