package dev.puppetengine.llm.offline;

import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.Generation;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.LanguageModel;
import dev.puppetengine.llm.MemoryUpdate;
import dev.puppetengine.llm.PostText;
import dev.puppetengine.llm.PromptSection;
import dev.puppetengine.llm.ReactionDecision;
import dev.puppetengine.llm.Reflection;
import dev.puppetengine.llm.RelationshipUpdate;
import dev.puppetengine.llm.Structured;
import dev.puppetengine.llm.TokenUsage;
import dev.puppetengine.llm.TradeBrief;
import dev.puppetengine.llm.TradeChoice;
import dev.puppetengine.llm.TradeTopic;
import dev.puppetengine.persona.PersonaSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Composes posts and decisions from the persona's own material with no model at all (DESIGN §5.1): the same request
 * and seed always give the same answer, different seeds give varied ones, and every text obeys the persona's style
 * guide (capitalisation, emojis, hashtags, length, avoided terms). Like a model told to, it does not repeat the
 * recent posts its prompt lists, and after a rejected draft it writes a longer one. It is not a language model and
 * says so.
 */
public final class OfflineComposer implements LanguageModel {

    public static final String NAME = "offline";

    private static final Logger log = LoggerFactory.getLogger(OfflineComposer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int ATTEMPTS = 12;
    private static final int DEFAULT_TYPICAL_LENGTH = 200;

    private static final List<String> EMOJIS = List.of(
            "\u2728",
            "\uD83D\uDD25",
            "\uD83D\uDE42",
            "\uD83E\uDD14",
            "\uD83C\uDF31",
            "\uD83D\uDE80",
            "\uD83D\uDCA1",
            "\uD83C\uDFAF",
            "\uD83D\uDE05",
            "\uD83D\uDE4C");

    private static final Set<String> POSITIVE = Set.of(
            "love",
            "great",
            "good",
            "win",
            "wins",
            "happy",
            "amazing",
            "agree",
            "thanks",
            "thank",
            "beautiful",
            "excited",
            "breakthrough",
            "success",
            "hope",
            "growth",
            "record",
            "best",
            "celebrate",
            "fun",
            "kind");
    private static final Set<String> NEGATIVE = Set.of(
            "hate",
            "bad",
            "awful",
            "crash",
            "crashes",
            "scam",
            "fail",
            "fails",
            "failure",
            "war",
            "loss",
            "sad",
            "angry",
            "wrong",
            "worst",
            "terrible",
            "stupid",
            "fraud",
            "collapse",
            "fear",
            "dead",
            "disaster");

    private static final List<String> BUY_REASONS = List.of(
            "{T} has room to run",
            "a small {T} position, nothing reckless",
            "{T} fits my mood",
            "{T} went quiet, I like quiet");
    private static final List<String> SELL_REASONS =
            List.of("taking some {T} off the table", "locking in some {T} gains", "trimming {T} to keep things light");
    private static final List<String> HOLD_REASONS =
            List.of("nothing worth the risk right now", "sitting this one out", "patience is a position too");

    public OfflineComposer() {
        log.info("offline composer — not a language model: texts are composed from each persona's own material");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isLlm() {
        return false;
    }

    @Override
    public Generation generate(GenerationRequest request) {
        String text = switch (request.callType()) {
            case NEW_POST, REPLY, QUOTE -> compose(request);
            case REACTION_DECISION -> JSON.writeValueAsString(reactionDecision(request));
            case MEMORY_UPDATE -> JSON.writeValueAsString(memoryUpdate(request));
            case RELATIONSHIP_UPDATE -> JSON.writeValueAsString(relationshipUpdate(request));
            case REFLECTION -> JSON.writeValueAsString(reflection(request));
            case TRADE_DECISION -> JSON.writeValueAsString(tradeChoice(request));
        };
        return new Generation(text, TokenUsage.NONE, NAME, Generation.FinishReason.STOP);
    }

    @Override
    public <T extends Record> Structured<T> generateStructured(GenerationRequest request, Class<T> type) {
        Record value;
        if (type == ReactionDecision.class) {
            value = reactionDecision(request);
        } else if (type == MemoryUpdate.class) {
            value = memoryUpdate(request);
        } else if (type == RelationshipUpdate.class) {
            value = relationshipUpdate(request);
        } else if (type == Reflection.class) {
            value = reflection(request);
        } else if (type == TradeChoice.class) {
            value = tradeChoice(request);
        } else {
            throw new IllegalArgumentException("the offline composer cannot produce " + type.getName());
        }
        String json = JSON.writeValueAsString(value);
        return new Structured<>(
                type.cast(value), new Generation(json, TokenUsage.NONE, NAME, Generation.FinishReason.STOP));
    }

    private String compose(GenerationRequest request) {
        PersonaSpec persona = request.persona();
        Material material = Material.of(persona, request.messages());
        SplittableRandom random = randomFor(request);
        String candidate = "";
        @Nullable String repeated = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            candidate = styled(persona, rawText(request.callType(), persona, material, random), material, random);
            if (material.isAllowed(candidate) && !candidate.isBlank()) {
                if (!material.repeatsRecent(candidate)) {
                    return candidate;
                }
                repeated = repeated != null ? repeated : candidate;
            }
        }
        log.debug("offline composer found no allowed new text for {} after {} attempts", persona.id(), ATTEMPTS);
        return repeated != null ? repeated : candidate;
    }

    private static String rawText(CallType callType, PersonaSpec persona, Material material, SplittableRandom random) {
        Voice voice = Voice.of(persona.id());
        var slots = new Slots(material, random);
        // After a rejected draft, say more: a longer text has far more ways to differ from the recent posts.
        boolean retried = material.rejectedDrafts() > 0;
        List<String> sentences = new ArrayList<>();
        switch (callType) {
            case REPLY -> {
                sentences.add(slots.fill(pick(voice.replies, random)));
                if (retried || random.nextInt(3) == 0) {
                    sentences.add(slots.fill(pickOther(voice.posts, slots.frames(), random)));
                }
                if (material.rejectedDrafts() > 1) {
                    sentences.add(pick(voice.closers, random));
                }
            }
            case QUOTE -> sentences.add(slots.fill(pick(voice.quotes, random)));
            default -> {
                java.util.Optional<TradeTopic> trade =
                        material.topic() == null ? java.util.Optional.empty() : TradeTopic.read(material.topic());
                if (trade.isPresent()) {
                    sentences.add(TradeFrames.compose(voice, trade.get(), random));
                    if (retried) {
                        sentences.add(pick(voice.closers, random));
                    }
                    break;
                }
                String example = !material.exampleSentences().isEmpty() && random.nextInt(10) < 3
                        ? pick(material.exampleSentences(), random)
                        : null;
                if (example != null) {
                    slots.reserve(example);
                }
                String topic = material.topic();
                if (topic != null && material.topicIsHeadline()) {
                    slots.reserve(topic);
                    sentences.add(slots.fill(pick(voice.headlines, random)));
                } else if (topic != null) {
                    sentences.add(slots.fill(pick(voice.topics, random)));
                }
                if (example != null) {
                    sentences.add(example);
                }
                sentences.add(slots.fill(pick(voice.posts, random)));
                if (material.mood() != null && random.nextInt(3) == 0) {
                    sentences.add(random.nextBoolean() ? 0 : sentences.size(), slots.fill(pick(voice.moods, random)));
                }
                if (retried || random.nextInt(4) == 0) {
                    sentences.add(slots.fill(pickOther(voice.posts, slots.frames(), random)));
                }
                if (material.rejectedDrafts() > 1 || random.nextInt(5) == 0) {
                    sentences.add(pick(voice.closers, random));
                }
            }
        }
        return String.join(" ", sentences.stream().distinct().toList());
    }

    private static String styled(PersonaSpec persona, String raw, Material material, SplittableRandom random) {
        var formatting = persona.styleGuide().formatting();
        var processing = persona.postProcessing();
        int limit = limit(persona);
        int typical = persona.behaviour().contentPreferences().typicalPostLength();
        // A retry after a rejected draft may use the whole limit: its extra sentence must not be cut again.
        int target = material.rejectedDrafts() > 0
                ? limit
                : Math.min(limit, typical > 0 ? Math.max(60, typical) : DEFAULT_TYPICAL_LENGTH);

        String text = raw;
        if (formatting.avoidHyphens()) {
            text = text.replace(" - ", ", ").replace('-', ' ');
        }
        boolean lowercase = processing.forceLowercase()
                || formatting.capitalization().toLowerCase(Locale.ROOT).contains("lower");
        if (lowercase) {
            text = text.toLowerCase(Locale.ROOT);
        }
        text = fitted(text, target);

        String suffix = "";
        if (formatting.usesHashtags() && !processing.stripHashtags() && random.nextInt(3) > 0) {
            String tag = hashtag(persona, random, lowercase);
            if (tag != null) {
                suffix += " " + tag;
            }
        }
        double emojiChance =
                formatting.usesEmojis() && !processing.stripEmojis() ? emojiChance(formatting.emojiFrequency()) : 0;
        if (random.nextDouble() < emojiChance) {
            suffix += " " + pick(EMOJIS, random);
        }
        if (!suffix.isEmpty() && PostText.weightedLength(text + suffix) <= limit) {
            text += suffix;
        }
        if (!formatting.usesEmojis() || processing.stripEmojis()) {
            text = PostText.stripEmojis(text);
        }
        if (!formatting.usesHashtags() || processing.stripHashtags()) {
            text = PostText.stripHashtags(text);
        }
        return PostText.tidySpaces(fitted(text, limit));
    }

    private static int limit(PersonaSpec persona) {
        Integer max = persona.behaviour().contentPreferences().maxPostLength();
        return max != null && max > 0 ? Math.min(max, PostText.MAX_WEIGHTED_LENGTH) : PostText.MAX_WEIGHTED_LENGTH;
    }

    /** Drops trailing sentences, then trailing words, until the weighted length fits. */
    private static String fitted(String text, int limit) {
        String fitted = text;
        while (PostText.weightedLength(fitted) > limit) {
            int cut = Math.max(fitted.lastIndexOf(". "), Math.max(fitted.lastIndexOf("? "), fitted.lastIndexOf("! ")));
            if (cut > 0) {
                fitted = fitted.substring(0, cut + 1);
                continue;
            }
            int space = fitted.lastIndexOf(' ');
            fitted = space > 0 ? fitted.substring(0, space) : fitted.substring(0, fitted.length() / 2);
        }
        return fitted.strip();
    }

    private static double emojiChance(String frequency) {
        String f = frequency.toLowerCase(Locale.ROOT);
        if (f.contains("never") || f.contains("none")) {
            return 0;
        }
        if (f.contains("high") || f.contains("often") || f.contains("frequent")) {
            return 0.85;
        }
        if (f.contains("medium") || f.contains("moderate")) {
            return 0.55;
        }
        return 0.3;
    }

    private static @Nullable String hashtag(PersonaSpec persona, SplittableRandom random, boolean lowercase) {
        List<String> sources = new ArrayList<>(persona.styleGuide().vocabulary().keyTerms());
        sources.addAll(persona.personality().interests());
        sources.removeIf(s -> !Material.of(persona, List.of()).isAllowed(s));
        if (sources.isEmpty()) {
            return null;
        }
        String source = pick(sources, random);
        var tag = new StringBuilder("#");
        for (String word : source.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                tag.append(lowercase ? word.toLowerCase(Locale.ROOT) : capitalised(word));
            }
        }
        return tag.length() > 1 && tag.length() <= 30 ? tag.toString() : null;
    }

    private ReactionDecision reactionDecision(GenerationRequest request) {
        Material material = Material.of(request.persona(), request.messages());
        SplittableRandom random = randomFor(request);
        String input = material.input() == null ? "" : material.input();
        String overlap = overlap(material, input);
        if (input.isBlank()) {
            return new ReactionDecision(ReactionDecision.Action.IGNORE, "there is nothing to react to");
        }
        if (material.topic() != null) {
            // The persona was asked to talk with the author (an interaction prompt): it engages.
            int roll = random.nextInt(20);
            ReactionDecision.Action action = roll < 13
                    ? ReactionDecision.Action.REPLY
                    : roll < 18 ? ReactionDecision.Action.QUOTE : ReactionDecision.Action.LIKE;
            return new ReactionDecision(
                    action,
                    overlap != null
                            ? "it touches on " + overlap + ", which I care about"
                            : "I was meant to talk with them about " + material.topic());
        }
        if (overlap != null) {
            int roll = random.nextInt(10);
            ReactionDecision.Action action = roll < 6
                    ? ReactionDecision.Action.REPLY
                    : roll < 8 ? ReactionDecision.Action.QUOTE : ReactionDecision.Action.LIKE;
            return new ReactionDecision(action, "it touches on " + overlap + ", which I care about");
        }
        return random.nextInt(10) < 4
                ? new ReactionDecision(ReactionDecision.Action.LIKE, "pleasant enough, but not my topic")
                : new ReactionDecision(ReactionDecision.Action.IGNORE, "nothing in it for me");
    }

    private MemoryUpdate memoryUpdate(GenerationRequest request) {
        Material material = Material.of(request.persona(), request.messages());
        SplittableRandom random = randomFor(request);
        String input = material.input() != null ? material.input() : material.topic();
        if (input == null || input.isBlank()) {
            return new MemoryUpdate("Nothing much happened.", 0.2, 0, 0, 0);
        }
        String overlap = overlap(material, input);
        double sentiment = sentiment(input);
        double importance = (overlap != null ? 0.65 : 0.3) + random.nextDouble() * 0.25;
        String memory = overlap != null
                ? "Came across this, and it matters for " + overlap + ": " + input.strip()
                : "Came across this: " + input.strip();
        return new MemoryUpdate(
                memory,
                importance,
                0.3 * sentiment,
                (overlap != null ? 0.2 : 0.05) + Math.abs(sentiment) * 0.1,
                0.1 * sentiment);
    }

    private RelationshipUpdate relationshipUpdate(GenerationRequest request) {
        Material material = Material.of(request.persona(), request.messages());
        String input = material.input() == null ? "" : material.input();
        double sentiment = sentiment(input);
        String subject = Material.salientPhrase(input);
        String note = subject == null ? "" : "talked about " + subject;
        return new RelationshipUpdate(0.1 * sentiment + 0.02, 0.05, 0.05 * sentiment, note);
    }

    private Reflection reflection(GenerationRequest request) {
        Material material = Material.of(request.persona(), request.messages());
        SplittableRandom random = randomFor(request);
        List<String> remembered = material.remembered();
        List<String> summaries = new ArrayList<>();
        String interest = material.interests().isEmpty() ? "my work" : pick(material.interests(), random);
        if (remembered.isEmpty()) {
            summaries.add("Lately I keep coming back to " + interest + ".");
        } else {
            summaries.add(
                    "Lately I keep coming back to " + interest + "; what stayed with me: " + remembered.get(0) + ".");
            if (remembered.size() > 1) {
                summaries.add("Also on my mind: " + remembered.get(1) + ".");
            }
            if (remembered.size() > 4) {
                summaries.add("A busy stretch: " + remembered.size() + " things worth remembering.");
            }
        }
        return new Reflection(summaries);
    }

    /**
     * A trade decision a careful persona would make from the brief in its prompt: done for the day, no limit room or
     * nothing to trade → hold; otherwise now and then hold, sometimes sell part of a holding, mostly buy a candidate
     * with part of the per-trade maximum, never so much that the wallet drops near its floor.
     */
    private TradeChoice tradeChoice(GenerationRequest request) {
        String task = PromptSection.read(request.messages()).getOrDefault(PromptSection.TASK, "");
        TradeBrief brief = TradeBrief.read(task);
        SplittableRandom random = randomFor(request);
        if (brief.tradesLeftToday() <= 0) {
            return TradeChoice.hold("I have traded enough for today");
        }
        List<TradeBrief.Token> held =
                brief.holdings().stream().filter(t -> t.amount().signum() > 0).toList();
        int roll = random.nextInt(100);
        if (roll < 15 || (held.isEmpty() && brief.buyable().isEmpty())) {
            return TradeChoice.hold(pick(HOLD_REASONS, random));
        }
        if (!held.isEmpty() && (roll < 45 || brief.buyable().isEmpty())) {
            TradeBrief.Token token = pick(held, random);
            BigDecimal share = BigDecimal.valueOf(25 + random.nextInt(76)).movePointLeft(2);
            BigDecimal amount = token.amount().multiply(share).setScale(6, RoundingMode.DOWN);
            if (amount.signum() > 0) {
                return new TradeChoice(
                        TradeChoice.Action.SELL,
                        token.mint(),
                        amount.doubleValue(),
                        pick(SELL_REASONS, random).replace("{T}", token.symbol()));
            }
        }
        if (brief.buyable().isEmpty()) {
            return TradeChoice.hold(pick(HOLD_REASONS, random));
        }
        // keep clear of the balance floor and the fees, as a careful trader would
        BigDecimal room = brief.sol().subtract(brief.minBalanceSol()).subtract(new BigDecimal("0.01"));
        BigDecimal share = BigDecimal.valueOf(30 + random.nextInt(61)).movePointLeft(2);
        BigDecimal amount = brief.maxTradeSol().multiply(share).min(room).setScale(4, RoundingMode.DOWN);
        if (amount.signum() <= 0) {
            return TradeChoice.hold("my SOL is close to the floor I keep");
        }
        TradeBrief.Token token = pick(brief.buyable(), random);
        String reason = pick(BUY_REASONS, random).replace("{T}", token.symbol());
        return new TradeChoice(TradeChoice.Action.BUY, token.mint(), amount.doubleValue(), reason);
    }

    private static @Nullable String overlap(Material material, String input) {
        var inputWords = Material.contentWords(input);
        List<String> candidates = new ArrayList<>(material.interests());
        candidates.addAll(material.keyTerms());
        for (String candidate : candidates) {
            for (String word : Material.contentWords(candidate)) {
                if (inputWords.contains(word)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** −1..1 from a small word list: enough to move mood and relationships in the right direction. */
    private static double sentiment(String text) {
        int score = 0;
        for (String word : Material.contentWords(text)) {
            if (POSITIVE.contains(word)) {
                score++;
            } else if (NEGATIVE.contains(word)) {
                score--;
            }
        }
        return Math.max(-1, Math.min(1, score / 2.0));
    }

    private static SplittableRandom randomFor(GenerationRequest request) {
        long mixed = request.seed() * 0x9E3779B97F4A7C15L
                ^ request.persona().id().value().hashCode() * 0xC2B2AE3D27D4EB4FL
                ^ request.callType().ordinal();
        return new SplittableRandom(mixed);
    }

    /** One of {@code items} not in {@code taken} (a frame is not used twice in one text), or any if all are. */
    private static String pickOther(List<String> items, Set<String> taken, SplittableRandom random) {
        List<String> rest = items.stream().filter(i -> !taken.contains(i)).toList();
        return pick(rest.isEmpty() ? items : rest, random);
    }

    private static <E> E pick(List<E> items, SplittableRandom random) {
        return items.get(random.nextInt(items.size()));
    }

    private static String capitalised(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }

    /**
     * Fills a frame's slots with the persona's material; an uppercase slot starts a sentence. The slots of one text
     * get different values where the material allows ("wrong about {i}... about {k}" never names one thing twice).
     */
    private static final class Slots {
        private final Material material;
        private final SplittableRandom random;
        private final Set<String> used = new HashSet<>();
        private final Set<String> frames = new HashSet<>();

        Slots(Material material, SplittableRandom random) {
            this.material = material;
            this.random = random;
        }

        /** Counts the material that {@code sentence} (the persona's own, or a headline) names as used in this text. */
        void reserve(String sentence) {
            String lower = sentence.toLowerCase(Locale.ROOT);
            Stream.of(material.interests(), material.keyTerms(), material.traits())
                    .flatMap(List::stream)
                    .filter(item -> lower.contains(item.toLowerCase(Locale.ROOT)))
                    .forEach(item -> used.add(key(item)));
        }

        /** The frames filled so far. */
        Set<String> frames() {
            return frames;
        }

        String fill(String template) {
            frames.add(template);
            String filled = template;
            if (filled.contains("{i}") || filled.contains("{I}")) {
                String interest = fresh(List.of(material.interests(), material.keyTerms()), "the work");
                filled = filled.replace("{i}", interest).replace("{I}", capitalised(interest));
            }
            if (filled.contains("{i2}")) {
                filled = filled.replace("{i2}", fresh(List.of(material.interests(), material.keyTerms()), "the rest"));
            }
            if (filled.contains("{k}") || filled.contains("{K}")) {
                String term = fresh(List.of(material.keyTerms(), material.interests()), "the basics");
                filled = filled.replace("{k}", term).replace("{K}", capitalised(term));
            }
            if (filled.contains("{t}")) {
                filled = filled.replace("{t}", fresh(List.of(material.traits()), "curious"));
            }
            String mood = material.mood() != null ? material.mood() : "thoughtful";
            filled = filled.replace("{m}", mood).replace("{M}", capitalised(mood));
            if (filled.contains("{s}") || filled.contains("{S}")) {
                String subject = subject();
                filled = filled.replace("{s}", subject).replace("{S}", capitalised(subject));
            }
            return filled;
        }

        private String subject() {
            String topic = material.topic();
            String input = material.input();
            String subject = topic != null && input == null
                    ? topic.strip().replaceAll("[.!?]+$", "")
                    : Material.salientPhrase(input != null ? input : topic);
            if (subject == null || !material.isAllowed(subject)) {
                return fresh(List.of(material.interests()), "this");
            }
            return subject;
        }

        /**
         * An item of the first of {@code sources} that has one not used in this text yet (the same as a used one when
         * case, a leading "the" and a plural "s" are ignored: an interest that is also a key term), else {@code last};
         * when that was used too, an item is repeated rather than made up.
         */
        private String fresh(List<List<String>> sources, String last) {
            String chosen = null;
            for (List<String> items : sources) {
                List<String> unused =
                        items.stream().filter(i -> !used.contains(key(i))).toList();
                if (!unused.isEmpty()) {
                    chosen = pick(unused, random);
                    break;
                }
            }
            if (chosen == null) {
                chosen = last;
                for (List<String> items : sources) {
                    if (used.contains(key(last)) && !items.isEmpty()) {
                        chosen = pick(items, random);
                        break;
                    }
                }
            }
            used.add(key(chosen));
            return chosen;
        }

        private static String key(String item) {
            return item.toLowerCase(Locale.ROOT)
                    .replaceFirst("^the\\s+", "")
                    .replaceFirst("s$", "")
                    .strip();
        }
    }
}
