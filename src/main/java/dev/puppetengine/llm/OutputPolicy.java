package dev.puppetengine.llm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.puppetengine.llm.PolicyOutcome.Accepted;
import dev.puppetengine.llm.PolicyOutcome.Rejected;
import dev.puppetengine.llm.PolicyOutcome.Violation;
import dev.puppetengine.persona.PersonaSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where a generated text becomes a postable text or a rejection (DESIGN §5.4), for every provider.
 * It first cleans what models wrap around a post (fences, JSON, preambles, role labels, quotes, notes), applies the
 * persona's formatting rules (emojis, hashtags, lowercase, dashes), and then rejects what must never be posted:
 * refusals, leaked prompt text, secrets, unsolicited mentions, avoided terms, banned phrases, topics to avoid,
 * over-length text and near-duplicates of the persona's recent posts. Thread-safe.
 */
public final class OutputPolicy {

    /** Cosine similarity at or above which a text is a near-duplicate of a recent post. */
    public static final double NEAR_DUPLICATE_COSINE = 0.92;

    private static final int LEAK_SHINGLE_WORDS = 8;
    private static final int MAX_HASHTAGS = 2;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z]*[ \\t]*\\n?(.*?)\\n?```", Pattern.DOTALL);
    private static final Pattern PREAMBLE = Pattern.compile(
            "(?i)^\\s*(?:(?:sure|okay|ok|certainly|of course|absolutely|alright|great|got it)[!,.]*\\s*)?"
                    + "(?:here(?:'s|’s| is| are| goes)|below is|this is)\\b[^\\n:]{0,80}:\\s*");
    private static final Pattern ACKNOWLEDGEMENT = Pattern.compile(
            "(?i)^\\s*(?:sure|okay|ok|certainly|of course|absolutely|alright|got it)(?:[!,.]+\\s*|\\s*\\n)");
    private static final Pattern LABEL =
            Pattern.compile("(?i)^\\s*(?:\\*\\*|__)?(?:new |my |final |draft |x |twitter )?"
                    + "(?:tweet|post|reply|response|answer|output|draft|assistant|text|caption|quote(?: tweet)?|status"
                    + "|final answer)(?:\\s*#?\\d+)?\\s*(?:\\*\\*|__)?\\s*[:：]\\s*(?:\\*\\*|__)?\\s*");
    private static final Pattern TRAILING_NOTE = Pattern.compile(
            "(?i)^\\s*(?:\\(?note\\b|\\(|\\[|\\*?character count|word count|this (?:tweet|post|reply)\\b|i (?:hope|kept|tried)"
                    + "|let me know|feel free|hashtags?:|\\(\\d+ char)");
    private static final Pattern REFUSAL = Pattern.compile(
            "(?i)\\b(?:as an ai\\b|as a language model|an ai language model|i(?:'m| am) (?:just )?an ai\\b"
                    + "|i (?:cannot|can't|can not|won't) (?:help|comply|create|write|generate|assist|fulfil)"
                    + "|i(?:'m| am) sorry,? but|i apologi[sz]e,? but|content polic(?:y|ies)|chatgpt)");
    private static final Pattern SCAFFOLDING = Pattern.compile(
            "(?im)(?:^\\s*#{1,6}\\s+\\S|^\\s*(?:system|user|assistant|instructions?|persona|style guide|task|mood)"
                    + "\\s*[:：]|<\\|[a-z_]+\\|>|\\[/?inst]|<<\\s*/?sys\\s*>>|</?(?:system|instructions?)>|\\{\\{|\\}\\}"
                    + "|\\bsystem prompt\\b|\\bmy instructions\\b|\\bstyle guide\\b|\\bfew-shot\\b)");
    private static final Pattern LEADING_MENTIONS = Pattern.compile("^(?:\\s*[@＠][A-Za-z0-9_]{1,15}\\b[,:]?)+\\s*");
    private static final Pattern TRAILING_HASHTAGS =
            Pattern.compile("(?:\\s*[#＃][\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*)+\\s*$");
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?…](?=\\s|$)");

    private static final Map<Pattern, String> SECRETS = Map.of(
            Pattern.compile("\\bsk-(?:ant-|proj-|or-)?[A-Za-z0-9_\\-]{16,}"), "an API key (sk-…)",
            Pattern.compile("\\bxai-[A-Za-z0-9_\\-]{16,}"), "an xAI API key",
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a PEM private key",
            Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), "an AWS access key",
            Pattern.compile("\\b(?:ghp|gho|ghs|ghu|github_pat)_[A-Za-z0-9_]{20,}"), "a GitHub token",
            Pattern.compile("\\bxox[abpr]-[A-Za-z0-9-]{10,}"), "a Slack token",
            Pattern.compile("(?<![/\\w])[1-9A-HJ-NP-Za-km-z]{85,90}(?![\\w])"), "a base58 64-byte key",
            Pattern.compile("\\[\\s*(?:\\d{1,3}\\s*,\\s*){31,}\\d{1,3}\\s*]"), "a keypair byte array",
            Pattern.compile("(?i)\\b(?:0x)?[0-9a-f]{64}\\b(?![^\\s]*/)"), "a 32-byte hex key",
            Pattern.compile("(?i)\\b(?:bearer)\\s+[A-Za-z0-9._\\-]{20,}"), "a bearer token");

    private static final Pattern SEED_WORD_RUN = Pattern.compile("(?:\\b[a-z]{3,8}\\b[ \\t]+){11,}\\b[a-z]{3,8}\\b");
    private static final Set<String> FUNCTION_WORDS = Set.copyOf(Arrays.asList(("the and for with you this that was are"
                    + " have but not its just what your from they will all about out our can like has had were "
                    + "been more when there their them then than she his her him who how why did does got get")
            .split(" ")));

    private final @Nullable Embedder embedder;
    private final Cache<String, float[]> embeddings =
            Caffeine.newBuilder().maximumSize(20_000).build();

    /** @param embedder for near-duplicate detection by meaning; without one only textual duplicates are caught */
    public OutputPolicy(@Nullable Embedder embedder) {
        this.embedder = embedder;
    }

    public PolicyOutcome apply(PersonaSpec persona, String generated, PolicyContext context) {
        String text = cleaned(generated);
        if (text.isBlank()) {
            return new Rejected(Violation.EMPTY, "nothing left after removing wrappers");
        }
        Matcher refusal = REFUSAL.matcher(text);
        if (refusal.find()) {
            return new Rejected(Violation.REFUSAL, "model talked about itself: '" + refusal.group() + "'");
        }
        String secret = secretIn(text);
        if (secret != null) {
            return new Rejected(Violation.SECRET, "text contains what looks like " + secret);
        }
        Rejected leak = leak(text, context.prompt());
        if (leak != null) {
            return leak;
        }
        text = LEADING_MENTIONS.matcher(text).replaceFirst("");
        for (String handle : PostText.mentions(text)) {
            if (!handle.equalsIgnoreCase(context.allowedMention() == null ? "" : context.allowedMention())) {
                return new Rejected(Violation.MENTION, "mentions @" + handle + ", who is not being replied to");
            }
        }
        text = formatted(persona, text);
        if (text.isBlank()) {
            return new Rejected(Violation.EMPTY, "nothing left after applying the formatting rules");
        }
        Rejected vocabulary = vocabulary(persona, text);
        if (vocabulary != null) {
            return vocabulary;
        }
        int limit = limit(persona);
        if (PostText.weightedLength(text) > limit) {
            String fitted = fittedBySentences(text, limit);
            if (fitted == null) {
                return new Rejected(
                        Violation.TOO_LONG,
                        "weighted length " + PostText.weightedLength(text) + " is over the limit of " + limit);
            }
            text = fitted;
        }
        Rejected duplicate = duplicate(text, context.recentPosts());
        if (duplicate != null) {
            return duplicate;
        }
        return new Accepted(text);
    }

    /** The persona's limit in weighted characters: {@code max_post_length} when set, never above 280. */
    public static int limit(PersonaSpec persona) {
        Integer max = persona.behaviour().contentPreferences().maxPostLength();
        return max != null && max > 0 ? Math.min(max, PostText.MAX_WEIGHTED_LENGTH) : PostText.MAX_WEIGHTED_LENGTH;
    }

    static String cleaned(String generated) {
        String text = generated.replace("\r\n", "\n").strip();
        for (int round = 0; round < 6; round++) {
            String before = text;
            Matcher fence = FENCE.matcher(text);
            if (fence.find()) {
                text = fence.group(1).strip();
            }
            text = fromJson(text);
            text = PREAMBLE.matcher(text).replaceFirst("");
            if (ACKNOWLEDGEMENT.matcher(text).lookingAt() && text.length() > 20) {
                text = ACKNOWLEDGEMENT.matcher(text).replaceFirst("");
            }
            text = LABEL.matcher(text).replaceFirst("");
            text = withoutTrailingNotes(text);
            text = unquoted(text.strip()).strip();
            if (text.startsWith("`") && text.endsWith("`") && text.length() > 1) {
                text = text.substring(1, text.length() - 1).strip();
            }
            if (text.equals(before)) {
                break;
            }
        }
        return text;
    }

    private static String fromJson(String text) {
        if (!(text.startsWith("{") && text.endsWith("}"))) {
            return text;
        }
        try {
            JsonNode node = JSON.readTree(text);
            for (String field : List.of("tweet", "text", "post", "reply", "content", "message", "response")) {
                JsonNode value = node.get(field);
                if (value != null && value.isString()) {
                    return value.asString();
                }
            }
            return text;
        } catch (JacksonException e) {
            return text;
        }
    }

    private static String withoutTrailingNotes(String text) {
        String[] paragraphs = text.split("\\n\\s*\\n");
        int keep = paragraphs.length;
        while (keep > 1 && TRAILING_NOTE.matcher(paragraphs[keep - 1]).lookingAt()) {
            keep--;
        }
        if (keep == paragraphs.length) {
            return text;
        }
        return String.join("\n\n", Arrays.asList(paragraphs).subList(0, keep));
    }

    private static String unquoted(String text) {
        String current = text;
        while (current.length() >= 2) {
            char first = current.charAt(0);
            char last = current.charAt(current.length() - 1);
            boolean pair = (first == '"' && last == '"')
                    || (first == '“' && (last == '”' || last == '“'))
                    || (first == '\'' && last == '\'')
                    || (first == '‘' && last == '’')
                    || (first == '«' && last == '»');
            if (!pair) {
                break;
            }
            current = current.substring(1, current.length() - 1).strip();
        }
        return current;
    }

    private static @Nullable String secretIn(String text) {
        for (var entry : SECRETS.entrySet()) {
            if (entry.getKey().matcher(text).find()) {
                return entry.getValue();
            }
        }
        Matcher run = SEED_WORD_RUN.matcher(text);
        while (run.find()) {
            String[] words = run.group().split("\\s+");
            long functionWords =
                    Arrays.stream(words).filter(FUNCTION_WORDS::contains).count();
            if (functionWords <= 1) {
                return "a seed phrase";
            }
        }
        return null;
    }

    private static @Nullable Rejected leak(String text, List<ChatMessage> prompt) {
        Matcher scaffolding = SCAFFOLDING.matcher(text);
        if (scaffolding.find()) {
            return new Rejected(
                    Violation.LEAKED_PROMPT,
                    "text contains prompt scaffolding: '" + scaffolding.group().strip() + "'");
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            return new Rejected(Violation.LEAKED_PROMPT, "text is structured data, not a post");
        }
        Set<String> instructionShingles = new HashSet<>();
        for (ChatMessage message : prompt) {
            if (message.role() == ChatMessage.Role.SYSTEM) {
                instructionShingles.addAll(shingles(message.content()));
            }
        }
        Map<PromptSection, String> sections = PromptSection.read(prompt);
        for (PromptSection section : List.of(PromptSection.PERSONA, PromptSection.STYLE, PromptSection.TASK)) {
            instructionShingles.addAll(shingles(sections.getOrDefault(section, "")));
        }
        for (String shingle : shingles(text)) {
            if (instructionShingles.contains(shingle)) {
                return new Rejected(Violation.LEAKED_PROMPT, "text repeats the prompt's instructions");
            }
        }
        return null;
    }

    private static Set<String> shingles(String text) {
        String[] words = PostText.normalized(text).split(" ");
        Set<String> result = new HashSet<>();
        for (int i = 0; i + LEAK_SHINGLE_WORDS <= words.length; i++) {
            result.add(String.join(" ", Arrays.asList(words).subList(i, i + LEAK_SHINGLE_WORDS)));
        }
        return result;
    }

    private static String formatted(PersonaSpec persona, String input) {
        var formatting = persona.styleGuide().formatting();
        var processing = persona.postProcessing();
        String text = input;
        if (!formatting.usesEmojis() || processing.stripEmojis()) {
            text = PostText.stripEmojis(text);
        }
        if (!formatting.usesHashtags() || processing.stripHashtags()) {
            text = TRAILING_HASHTAGS.matcher(text).replaceFirst("");
            text = text.replaceAll("[#＃](?=[\\p{L}\\p{N}_]*\\p{L})", "");
        } else {
            text = withAtMostHashtags(text, MAX_HASHTAGS);
        }
        if (formatting.avoidHyphens()) {
            text = text.replaceAll("\\s*[—–]\\s*", ", ").replace(" - ", ", ");
        }
        if (processing.forceLowercase()
                || formatting.capitalization().toLowerCase(Locale.ROOT).contains("lower")) {
            text = lowercasedOutsideUrls(text);
        }
        return PostText.tidySpaces(text);
    }

    private static String withAtMostHashtags(String text, int max) {
        List<String> tags = PostText.hashtags(text);
        String result = text;
        for (int i = tags.size() - 1; i >= max; i--) {
            int at = result.lastIndexOf(tags.get(i));
            result = result.substring(0, at) + result.substring(at + tags.get(i).length());
        }
        return result;
    }

    private static String lowercasedOutsideUrls(String text) {
        var out = new StringBuilder();
        Matcher url = URL.matcher(text);
        int last = 0;
        while (url.find()) {
            out.append(text.substring(last, url.start()).toLowerCase(Locale.ROOT))
                    .append(url.group());
            last = url.end();
        }
        return out.append(text.substring(last).toLowerCase(Locale.ROOT)).toString();
    }

    private static @Nullable Rejected vocabulary(PersonaSpec persona, String text) {
        String padded = " " + PostText.normalized(text) + " ";
        for (String phrase : persona.postProcessing().bannedPhrases()) {
            if (containsPhrase(padded, phrase, false)) {
                return new Rejected(Violation.BANNED_PHRASE, "uses the banned phrase '" + phrase + "'");
            }
        }
        for (String term : persona.styleGuide().vocabulary().avoidTerms()) {
            if (containsPhrase(padded, term, false)) {
                return new Rejected(Violation.AVOIDED_TERM, "uses the avoided term '" + term + "'");
            }
        }
        for (String topic : persona.styleGuide().topicsToAvoid()) {
            if (containsPhrase(padded, topic, true)) {
                return new Rejected(Violation.TOPIC_TO_AVOID, "touches the topic to avoid '" + topic + "'");
            }
        }
        for (String opening : persona.postProcessing().discouragedOpenings()) {
            String normalized = PostText.normalized(opening);
            if (!normalized.isEmpty() && padded.startsWith(" " + normalized + " ")) {
                return new Rejected(Violation.DISCOURAGED_OPENING, "opens with '" + opening + "'");
            }
        }
        return null;
    }

    /** Word-boundary match of a normalised phrase; for topics a single long word also matches its inflections. */
    private static boolean containsPhrase(String paddedText, String phrase, boolean stem) {
        String normalized = PostText.normalized(phrase);
        if (normalized.isEmpty()) {
            return false;
        }
        if (paddedText.contains(" " + normalized + " ")) {
            return true;
        }
        if (stem && !normalized.contains(" ") && normalized.length() >= 6) {
            return paddedText.contains(" " + normalized.substring(0, normalized.length() - 2));
        }
        return false;
    }

    private static @Nullable String fittedBySentences(String text, int limit) {
        List<Integer> ends = new ArrayList<>();
        Matcher end = SENTENCE_END.matcher(text);
        while (end.find()) {
            ends.add(end.end());
        }
        for (int i = ends.size() - 1; i >= 0; i--) {
            String candidate = text.substring(0, ends.get(i)).strip();
            if (PostText.weightedLength(candidate) <= limit) {
                return candidate.length() >= 40 ? candidate : null;
            }
        }
        return null;
    }

    private @Nullable Rejected duplicate(String text, List<String> recentPosts) {
        if (recentPosts.isEmpty()) {
            return null;
        }
        String repeated = PostText.repetition(text, recentPosts);
        if (repeated != null) {
            return new Rejected(Violation.DUPLICATE, repeated);
        }
        Embedder model = embedder;
        if (model == null) {
            return null;
        }
        float[] vector = model.embed(text);
        for (String recent : recentPosts) {
            double cosine = cosine(vector, embeddings.get(recent, model::embed));
            if (cosine >= NEAR_DUPLICATE_COSINE) {
                return new Rejected(
                        Violation.DUPLICATE,
                        String.format(Locale.ROOT, "means the same as a recent post (cosine %.2f)", cosine));
            }
        }
        return null;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}
