package dev.puppetengine.persona.format;

import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.persona.PersonaProblem;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.persona.PersonaSpec.ExampleMessage;
import dev.puppetengine.persona.PersonaSpec.Examples;
import dev.puppetengine.persona.PersonaSpec.InitialMemory;
import dev.puppetengine.persona.PersonaSpec.LlmConfig;
import dev.puppetengine.persona.PersonaSpec.Personality;
import dev.puppetengine.persona.PersonaSpec.StyleGuide;
import dev.puppetengine.persona.PersonaSpec.Vocabulary;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * ElizaOS character files (DESIGN §4.1) read into the persona model: {@code bio} becomes the description,
 * {@code lore} and {@code knowledge} core memories, {@code adjectives} traits, {@code topics} interests,
 * {@code style.all|chat|post} style rules, {@code postExamples}/{@code messageExamples} few-shot examples,
 * {@code system} the custom system prompt, {@code modelProvider} the provider and {@code settings.model} the model.
 * The id comes from the file name ({@code eliza.character.json} → {@code eliza}), else from the name.
 */
final class ElizaCharacterFormat {

    /** ElizaOS keys with no counterpart here that are skipped silently: identity and runtime wiring. */
    private static final Set<String> SILENTLY_IGNORED = Set.of("id", "username", "$schema");

    /** ElizaOS keys with no counterpart here that are skipped with a warning. */
    private static final Set<String> IGNORED_WITH_WARNING =
            Set.of("clients", "plugins", "people", "templates", "extends", "secrets", "twitterProfile", "nft");

    private ElizaCharacterFormat() {}

    /** True when a document is an ElizaOS character: it has {@code bio} and no {@code personality}. */
    static boolean isCharacter(JsonNode document) {
        return document.isObject() && document.has("bio") && !document.has("personality");
    }

    static @Nullable PersonaSpec read(JsonNode document, DocumentReading reading, String fileName) {
        if (!document.isObject()) {
            reading.error("", "a character file must hold one JSON object, not " + Section.describe(document));
            return null;
        }
        Section root = Section.root(reading, document);
        Section.Value nameValue = root.value("name");
        String name = root.asString(nameValue, TextLimit.NAME);
        if (nameValue == null) {
            reading.error("/name", "required in an ElizaOS character file");
        }
        String description = description(root);
        List<String> coreMemories = new ArrayList<>(root.strings("lore", TextLimit.LONG_TEXT));
        coreMemories.addAll(knowledge(root));
        List<List<ExampleMessage>> conversations = messageExamples(root);
        List<String> posts = root.strings("postExamples", TextLimit.TEXT);
        List<String> topics = root.strings("topics", TextLimit.TEXT);
        List<String> adjectives = root.strings("adjectives", TextLimit.TEXT);
        Section style = root.section("style");
        List<String> allRules = style.strings("all", TextLimit.TEXT);
        List<String> chatRules = style.strings("chat", TextLimit.TEXT);
        List<String> postRules = style.strings("post", TextLimit.TEXT);
        style.finish();
        String model = settingsModel(root.section("settings"));
        String system = root.optionalString("system", TextLimit.PROMPT);
        String provider = root.optionalString("modelProvider", TextLimit.IDENTIFIER);
        for (String key : SILENTLY_IGNORED) {
            root.value(key);
        }
        for (String key : IGNORED_WITH_WARNING) {
            Section.Value ignored = root.value(key);
            if (ignored != null) {
                reading.warning(ignored.pointer(), "ElizaOS key not used by Puppet Engine, ignored");
            }
        }
        root.finish();
        PersonaId id = name == null ? null : deriveId(fileName, name);
        if (name != null && id == null) {
            reading.error(
                    "/name",
                    "cannot derive a persona id from the file name or from " + PersonaProblem.quote(name)
                            + ": rename the file to <id>.character.json");
        }
        if (id == null || name == null || reading.hasErrors()) {
            return null;
        }
        return new PersonaSpec(
                id,
                name,
                description,
                provider == null || provider.isBlank()
                        ? PuppetJsonFormat.DEFAULT_LLM_PROVIDER
                        : provider.toLowerCase(Locale.ROOT),
                new LlmConfig(model, null, null, null, null, null),
                null,
                system,
                List.of(),
                new Personality(adjectives, List.of(), "", topics),
                new StyleGuide(
                        "",
                        "",
                        PuppetJsonFormat.defaultFormatting(),
                        new Vocabulary(List.of(), List.of()),
                        List.of(),
                        allRules,
                        postRules,
                        chatRules),
                new InitialMemory(coreMemories, List.of(), Map.of()),
                PuppetJsonFormat.defaultBehaviour(),
                PuppetJsonFormat.defaultPostProcessing(),
                new Examples(posts, conversations),
                true);
    }

    /**
     * The id of a character file: its file name without extension and a trailing {@code .character}, lowercased;
     * when that is not a valid id, the character's name lowercased with runs of other characters as dashes.
     */
    static @Nullable PersonaId deriveId(String fileName, String name) {
        String base = fileName.toLowerCase(Locale.ROOT).replaceFirst("\\.(json|yaml|yml)$", "");
        base = base.replaceFirst("\\.character$", "");
        if (PersonaId.PATTERN.matcher(base).matches()) {
            return PersonaId.of(base);
        }
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug =
                ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 64) {
            slug = slug.substring(0, 64).replaceAll("-+$", "");
        }
        return PersonaId.PATTERN.matcher(slug).matches() ? PersonaId.of(slug) : null;
    }

    /** {@code bio}, a string or a list of strings joined with spaces, bounded like a persona's description. */
    private static String description(Section root) {
        Section.Value value = root.value("bio");
        if (value == null) {
            return "";
        }
        if (value.node().isString()) {
            String bio = root.asString(value, TextLimit.LONG_TEXT);
            return bio == null ? "" : bio;
        }
        if (!value.node().isArray()) {
            root.reading()
                    .error(
                            value.pointer(),
                            "must be a string or a list of strings, not " + Section.describe(value.node()));
            return "";
        }
        String joined = String.join(" ", root.strings("bio", TextLimit.LONG_TEXT));
        String bio = root.checked(joined, value.pointer(), TextLimit.LONG_TEXT);
        return bio == null ? "" : bio;
    }

    private static List<String> knowledge(Section root) {
        Section.Value value = root.value("knowledge");
        if (value == null) {
            return List.of();
        }
        if (!value.node().isArray()) {
            root.reading().error(value.pointer(), "must be a list, not " + Section.describe(value.node()));
            return List.of();
        }
        if (!root.withinItems(value, TextLimit.MAX_ITEMS)) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        int index = 0;
        for (JsonNode element : value.node().values()) {
            String pointer = value.pointer() + "/" + index++;
            if (element.isString()) {
                String text = root.asString(new Section.Value(element, pointer), TextLimit.LONG_TEXT);
                if (text != null) {
                    texts.add(text);
                }
            } else {
                root.reading().warning(pointer, "only text knowledge is imported, ignored");
            }
        }
        return texts;
    }

    private static List<List<ExampleMessage>> messageExamples(Section root) {
        Section.Value value = root.value("messageExamples");
        if (value == null) {
            return List.of();
        }
        if (!value.node().isArray()) {
            root.reading()
                    .error(value.pointer(), "must be a list of conversations, not " + Section.describe(value.node()));
            return List.of();
        }
        if (!root.withinItems(value, PuppetJsonFormat.MAX_CONVERSATIONS)) {
            return List.of();
        }
        List<List<ExampleMessage>> conversations = new ArrayList<>();
        int index = 0;
        for (JsonNode conversation : value.node().values()) {
            String conversationPointer = value.pointer() + "/" + index++;
            if (!conversation.isArray()) {
                root.reading().error(conversationPointer, "must be a list of messages {user, content: {text}}");
                continue;
            }
            if (!root.withinItems(
                    new Section.Value(conversation, conversationPointer), PuppetJsonFormat.MAX_MESSAGES)) {
                continue;
            }
            List<ExampleMessage> messages = new ArrayList<>();
            int messageIndex = 0;
            for (JsonNode message : conversation.values()) {
                ExampleMessage read =
                        message(root, new Section.Value(message, conversationPointer + "/" + messageIndex++));
                if (read != null) {
                    messages.add(read);
                }
            }
            conversations.add(messages);
        }
        return conversations;
    }

    private static @Nullable ExampleMessage message(Section root, Section.Value value) {
        Section message = root.asSection(value);
        if (!message.isPresent()) {
            return null;
        }
        Section.Value speakerValue = message.value("user");
        if (speakerValue == null) {
            speakerValue = message.value("name");
        } else {
            message.value("name");
        }
        String speaker = message.asString(speakerValue, TextLimit.NAME);
        if (speakerValue == null) {
            message.reading().error(message.child("user"), "required: who speaks");
        }
        Section content = message.section("content");
        Section.Value textValue = content.value("text");
        String text = content.asString(textValue, TextLimit.LONG_TEXT);
        if (textValue == null) {
            message.reading().error(message.child("content") + "/text", "required: what is said");
        }
        content.value("action");
        content.value("actions");
        content.finish();
        message.finish();
        return speaker == null || text == null ? null : new ExampleMessage(speaker, text);
    }

    private static @Nullable String settingsModel(Section settings) {
        String model = settings.optionalString("model", TextLimit.NAME);
        for (Section.Value entry : settings.entries()) {
            String key = Section.keyOf(entry);
            if (key.equals("secrets")) {
                settings.reading()
                        .warning(
                                entry.pointer(),
                                "secrets are not imported: give X credentials as twitter_credentials"
                                        + " with ${ENV_VAR} references");
            } else if (!key.equals("model")) {
                settings.reading().warning(entry.pointer(), "ElizaOS setting not used by Puppet Engine, ignored");
            }
        }
        return model;
    }
}
