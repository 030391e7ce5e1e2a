package dev.puppetengine.agent;

import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.DraftOutcome;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.PolicyContext;
import dev.puppetengine.llm.PostDrafter;
import dev.puppetengine.llm.PromptSection;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.social.Post;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PostWriter} on the llm feature's {@link PostDrafter}: generation, the output policy and regeneration. The
 * prompt carries the persona, its style, its mood in words, its last posts and the post being answered.
 */
public final class DraftingPostWriter implements PostWriter {

    private static final int RECENT_POSTS_IN_PROMPT = 5;

    private final PostDrafter drafter;
    private final CallSampling sampling;

    public DraftingPostWriter(PostDrafter drafter, CallSampling sampling) {
        this.drafter = drafter;
        this.sampling = sampling;
    }

    @Override
    public Written writePost(PersonaSpec persona, Mood mood, List<String> recentPosts, long seed) {
        return write(persona, mood, null, recentPosts, seed);
    }

    @Override
    public Written writeReply(PersonaSpec persona, Mood mood, Post mention, List<String> recentPosts, long seed) {
        return write(persona, mood, mention, recentPosts, seed);
    }

    private Written write(PersonaSpec persona, Mood mood, @Nullable Post mention, List<String> recent, long seed) {
        CallType callType = mention == null ? CallType.NEW_POST : CallType.REPLY;
        List<ChatMessage> prompt = prompt(persona, mood, mention, recent);
        var request = new GenerationRequest(persona, callType, prompt, sampling.optionsFor(persona, callType), seed);
        var context = new PolicyContext(recent, mention == null ? null : mention.authorUsername(), prompt);
        return switch (drafter.draft(request, context)) {
            case DraftOutcome.Drafted drafted -> new Text(drafted.text());
            case DraftOutcome.Skipped skipped -> new Skipped(skipped.reason());
        };
    }

    private static List<ChatMessage> prompt(
            PersonaSpec persona, Mood mood, @Nullable Post mention, List<String> recentPosts) {
        var personality = persona.personality();
        var style = persona.styleGuide();
        String system = PromptSection.PERSONA.heading() + "\nYou are " + persona.name() + ". " + persona.description()
                + "\nTraits: " + String.join(", ", personality.traits())
                + "\nInterests: " + String.join(", ", personality.interests())
                + "\nSpeaking style: " + personality.speakingStyle()
                + "\n" + PromptSection.STYLE.heading() + "\nVoice: " + style.voice() + "\nTone: " + style.tone();
        StringBuilder user = new StringBuilder();
        user.append(PromptSection.MOOD.heading())
                .append('\n')
                .append(moodWords(mood))
                .append('\n');
        if (!recentPosts.isEmpty()) {
            user.append(PromptSection.RECENT_POSTS.heading()).append('\n');
            recentPosts.stream()
                    .limit(RECENT_POSTS_IN_PROMPT)
                    .forEach(p -> user.append("- ").append(p).append('\n'));
        }
        if (mention != null) {
            user.append(PromptSection.CONVERSATION.heading())
                    .append("\nThem: ")
                    .append(mention.text())
                    .append('\n');
        }
        user.append(PromptSection.TASK.heading())
                .append('\n')
                .append(
                        mention == null
                                ? "Write your next post, in your own voice, under 280 characters."
                                : "Write one short reply to their post, in your own voice, under 280 characters.");
        return List.of(ChatMessage.system(system), ChatMessage.user(user.toString()));
    }

    /** The mood in words, never numbers (DESIGN §4.2). */
    static String moodWords(Mood mood) {
        String energy = mood.arousal() > 0.6 ? "restless" : mood.arousal() > 0.3 ? "alert" : "calm";
        String feeling = mood.valence() > 0.3 ? "upbeat" : mood.valence() < -0.3 ? "low" : "even";
        String stance = mood.dominance() > 0.7 ? "assertive" : mood.dominance() < 0.3 ? "hesitant" : "steady";
        return energy + ", " + feeling + " and " + stance;
    }
}
