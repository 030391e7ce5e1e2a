package dev.puppetengine.llm;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaSpec;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Persona specs for the LLM tests, built field by field; defaults resemble a sample persona. */
public final class TestPersonas {

    private String id = "ada";
    private String provider = "offline";
    private PersonaSpec.LlmConfig llmConfig = PersonaSpec.LlmConfig.NONE;
    private @Nullable String customSystemPrompt;
    private List<String> rotatingPrompts = List.of();
    private List<String> traits = List.of("curious", "dry-witted");
    private List<String> interests = List.of("deep sea creatures", "tide pools", "marine biology");
    private List<String> keyTerms = List.of("bioluminescence", "abyssal plain");
    private List<String> avoidTerms = List.of();
    private List<String> topicsToAvoid = List.of();
    private List<String> bannedPhrases = List.of();
    private List<String> examplePosts = List.of(
            "The anglerfish did not choose the lantern life. The lantern life chose the anglerfish.",
            "Low tide is nature's open house. Go look under a rock today.");
    private boolean hashtags = false;
    private boolean emojis = false;
    private String emojiFrequency = "low";
    private String capitalization = "standard";
    private boolean forceLowercase = false;
    private boolean stripHashtags = false;
    private boolean stripEmojis = false;
    private boolean avoidHyphens = false;
    private int typicalLength = 200;
    private @Nullable Integer maxLength;
    private int maxRegenerations = 2;

    public static TestPersonas persona(String id) {
        var builder = new TestPersonas();
        builder.id = id;
        return builder;
    }

    public TestPersonas provider(String value) {
        provider = value;
        return this;
    }

    public TestPersonas llmConfig(PersonaSpec.LlmConfig value) {
        llmConfig = value;
        return this;
    }

    public TestPersonas customSystemPrompt(String value) {
        customSystemPrompt = value;
        return this;
    }

    public TestPersonas rotatingPrompts(List<String> value) {
        rotatingPrompts = value;
        return this;
    }

    public TestPersonas traits(List<String> value) {
        traits = value;
        return this;
    }

    public TestPersonas interests(List<String> value) {
        interests = value;
        return this;
    }

    public TestPersonas keyTerms(List<String> value) {
        keyTerms = value;
        return this;
    }

    public TestPersonas avoidTerms(List<String> value) {
        avoidTerms = value;
        return this;
    }

    public TestPersonas topicsToAvoid(List<String> value) {
        topicsToAvoid = value;
        return this;
    }

    public TestPersonas bannedPhrases(List<String> value) {
        bannedPhrases = value;
        return this;
    }

    public TestPersonas examplePosts(List<String> value) {
        examplePosts = value;
        return this;
    }

    public TestPersonas hashtags(boolean value) {
        hashtags = value;
        return this;
    }

    public TestPersonas emojis(boolean value, String frequency) {
        emojis = value;
        emojiFrequency = frequency;
        return this;
    }

    public TestPersonas lowercase() {
        capitalization = "lowercase";
        return this;
    }

    public TestPersonas forceLowercase(boolean value) {
        forceLowercase = value;
        return this;
    }

    public TestPersonas strip(boolean hashtagsStripped, boolean emojisStripped) {
        stripHashtags = hashtagsStripped;
        stripEmojis = emojisStripped;
        return this;
    }

    public TestPersonas avoidHyphens(boolean value) {
        avoidHyphens = value;
        return this;
    }

    public TestPersonas lengths(int typical, @Nullable Integer max) {
        typicalLength = typical;
        maxLength = max;
        return this;
    }

    public TestPersonas maxRegenerations(int value) {
        maxRegenerations = value;
        return this;
    }

    public PersonaSpec build() {
        return new PersonaSpec(
                PersonaId.of(id),
                id.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + id.substring(1),
                "A test persona who loves the ocean.",
                provider,
                llmConfig,
                null,
                customSystemPrompt,
                rotatingPrompts,
                new PersonaSpec.Personality(
                        traits, List.of("honesty", "wonder"), "short, playful sentences", interests),
                new PersonaSpec.StyleGuide(
                        "warm",
                        "playful",
                        new PersonaSpec.Formatting(
                                hashtags, "camelCase", emojis, emojiFrequency, capitalization, "short", avoidHyphens),
                        new PersonaSpec.Vocabulary(keyTerms, avoidTerms),
                        topicsToAvoid,
                        List.of("never use corporate speak"),
                        List.of("one idea per post"),
                        List.of("answer the question first")),
                new PersonaSpec.InitialMemory(
                        List.of("I grew up next to an aquarium.", "I once saw a vampire squid in person."),
                        List.of(),
                        Map.of()),
                new PersonaSpec.Behaviour(
                        new PersonaSpec.PostFrequency(3, 12, List.of(9, 18), ZoneId.of("UTC")),
                        new PersonaSpec.InteractionPatterns(0.5, 0.3, 0.7),
                        new PersonaSpec.ContentPreferences(3, typicalLength, maxLength, 0.2),
                        Map.of(),
                        Map.of(),
                        Map.of()),
                new PersonaSpec.PostProcessing(
                        forceLowercase, stripHashtags, stripEmojis, bannedPhrases, List.of(), maxRegenerations),
                new PersonaSpec.Examples(
                        examplePosts,
                        List.of(List.of(
                                new PersonaSpec.ExampleMessage("user", "what's your favourite fish?"),
                                new PersonaSpec.ExampleMessage(id, "the blobfish, obviously. misunderstood icon.")))),
                true);
    }
}
