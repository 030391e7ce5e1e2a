package dev.puppetengine.llm.offline;

import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.PostDrafter;
import dev.puppetengine.llm.PostText;
import dev.puppetengine.llm.PromptSection;
import dev.puppetengine.persona.PersonaSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the composer may say for one persona and one request: the persona's own words (interests, key terms, traits,
 * example sentences) less anything its style guide forbids, and what the prompt carries (mood words, topic, the
 * text being answered, the recent posts not to repeat) and how many drafts of this text were already rejected.
 */
record Material(
        List<String> interests,
        List<String> keyTerms,
        List<String> traits,
        List<String> exampleSentences,
        List<String> forbidden,
        @Nullable String mood,
        @Nullable String topic,
        @Nullable String input,
        List<String> remembered,
        List<String> recentPosts,
        int rejectedDrafts) {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final Pattern TOPIC_LINE = Pattern.compile("(?im)^\\s*topic:\\s*(.+?)\\s*$");
    private static final Set<String> STOPWORDS = Set.of(Arrays.stream(
                    ("a an the and or but if then so of to in on at by for with about from into over under is are was"
                                    + " were be been being it its this that these those i you he she we they me my your our their"
                                    + " just really very not no yes do does did have has had what when where why how who all any"
                                    + " can could would should will shall may might must than too also more most some such only own"
                                    + " same out up down off again there here as get got one")
                            .split(" "))
            .toArray(String[]::new));
    /** Words that say nothing about what a text is about: never picked as its subject. */
    private static final Set<String> FILLERS = Set.of(
            ("ever seen see saw think thinking thought talking talk talks say said says tell told know knew want wants"
                            + " going make made look looking like likes everyone everybody someone somebody something"
                            + " anything nothing everything people thing things stuff lot lots way today tonight please")
                    .split(" "));

    static Material of(PersonaSpec persona, List<ChatMessage> messages) {
        List<String> forbidden = new ArrayList<>();
        forbidden.addAll(persona.styleGuide().vocabulary().avoidTerms());
        forbidden.addAll(persona.postProcessing().bannedPhrases());
        forbidden.addAll(persona.styleGuide().topicsToAvoid());
        forbidden.replaceAll(term -> term.toLowerCase(Locale.ROOT).strip());
        forbidden.removeIf(String::isEmpty);

        Map<PromptSection, String> sections = PromptSection.read(messages);
        String mood = moodWords(sections.get(PromptSection.MOOD));
        String task = sections.getOrDefault(PromptSection.TASK, "");
        String topic = firstGroup(TOPIC_LINE, task);
        String input = inputText(sections, messages);
        List<String> remembered = bullets(sections.get(PromptSection.RECALLED_MEMORIES));

        var personality = persona.personality();
        return new Material(
                allowed(personality.interests(), forbidden),
                allowed(persona.styleGuide().vocabulary().keyTerms(), forbidden),
                allowed(personality.traits(), forbidden),
                allowed(sentences(persona.examples().posts()), forbidden),
                forbidden,
                mood,
                topic != null && isAllowed(topic, forbidden) ? topic : null,
                input,
                remembered,
                bullets(sections.get(PromptSection.RECENT_POSTS)),
                (int) messages.stream()
                        .filter(m ->
                                m.role() == ChatMessage.Role.USER && m.content().startsWith(PostDrafter.REJECTED_DRAFT))
                        .count());
    }

    /** True when the topic is a headline (five words or more, quoted whole) rather than a subject or a feeling. */
    boolean topicIsHeadline() {
        return topic != null && topic.strip().split("\\s+").length >= 5;
    }

    boolean isAllowed(String text) {
        return isAllowed(text, forbidden);
    }

    /** True when {@code text} repeats one of the recent posts the prompt lists (which it is told not to repeat). */
    boolean repeatsRecent(String text) {
        return PostText.repetition(text, recentPosts) != null;
    }

    /** A short phrase naming what {@code text} is about: its longest run of one or two content words. */
    static @Nullable String salientPhrase(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String cleaned = text.replaceAll("https?://\\S+", " ").replaceAll("[@#]\\w+", " ");
        String[] words = cleaned.split("[^\\p{L}\\p{N}'-]+");
        String best = null;
        for (int i = 0; i < words.length; i++) {
            if (!isSubjectWord(words[i])) {
                continue;
            }
            String candidate = words[i];
            if (i + 1 < words.length && isSubjectWord(words[i + 1])) {
                candidate = words[i] + " " + words[i + 1];
            }
            if (best == null || candidate.length() > best.length()) {
                best = candidate;
            }
        }
        return best == null ? null : best.toLowerCase(Locale.ROOT);
    }

    /** Words of {@code text} that are content words, lowercased. */
    static Set<String> contentWords(String text) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (isContentWord(word)) {
                words.add(word);
            }
        }
        return words;
    }

    private static boolean isSubjectWord(String word) {
        return isContentWord(word) && !FILLERS.contains(word.toLowerCase(Locale.ROOT));
    }

    private static boolean isContentWord(String word) {
        return word.length() > 2 && !STOPWORDS.contains(word.toLowerCase(Locale.ROOT));
    }

    private static boolean isAllowed(String text, List<String> forbidden) {
        String lower = text.toLowerCase(Locale.ROOT);
        return forbidden.stream().noneMatch(lower::contains);
    }

    private static List<String> allowed(List<String> items, List<String> forbidden) {
        return items.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty() && isAllowed(s, forbidden))
                .distinct()
                .toList();
    }

    private static List<String> sentences(List<String> posts) {
        List<String> result = new ArrayList<>();
        for (String post : posts) {
            for (String sentence : SENTENCE_END.split(post.strip())) {
                String s = sentence.replaceAll("[@#]\\w+", "").strip();
                if (s.length() >= 12 && s.length() <= 160) {
                    result.add(s);
                }
            }
        }
        return result;
    }

    private static @Nullable String moodWords(@Nullable String section) {
        if (section == null || section.isBlank()) {
            return null;
        }
        String line = section.lines().findFirst().orElse("").strip();
        line = line.replaceFirst("(?i)^you(?:'re| are| feel)\\s+", "")
                .replaceAll("[.!]+$", "")
                .strip();
        return line.isEmpty() ? null : line.toLowerCase(Locale.ROOT);
    }

    private static @Nullable String inputText(Map<PromptSection, String> sections, List<ChatMessage> messages) {
        String task = sections.getOrDefault(PromptSection.TASK, "");
        List<String> quoted = task.lines()
                .filter(l -> l.startsWith(">"))
                .map(l -> l.substring(1).strip())
                .toList();
        if (!quoted.isEmpty()) {
            return String.join(" ", quoted);
        }
        String conversation = sections.get(PromptSection.CONVERSATION);
        if (conversation != null && !conversation.isBlank()) {
            List<String> lines = conversation.lines().filter(l -> !l.isBlank()).toList();
            String last = lines.get(lines.size() - 1);
            int colon = last.indexOf(':');
            return colon >= 0 && colon < 40 ? last.substring(colon + 1).strip() : last.strip();
        }
        if (sections.isEmpty()) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i).role() == ChatMessage.Role.USER) {
                    return messages.get(i).content();
                }
            }
        }
        return null;
    }

    private static List<String> bullets(@Nullable String section) {
        if (section == null) {
            return List.of();
        }
        return section.lines()
                .map(String::strip)
                .filter(l -> l.startsWith("- "))
                .map(l -> l.substring(2).strip())
                .filter(l -> !l.isEmpty())
                .toList();
    }

    private static @Nullable String firstGroup(Pattern pattern, String text) {
        var matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : null;
    }
}
