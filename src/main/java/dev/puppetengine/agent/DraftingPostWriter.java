package dev.puppetengine.agent;

import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.DraftOutcome;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.PolicyContext;
import dev.puppetengine.llm.PostDrafter;
import dev.puppetengine.persona.PersonaSpec;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PostWriter} on the llm feature's {@link PostDrafter}: generation, the output policy and regeneration, with
 * the prompt composed by {@link PostPrompts}.
 */
public final class DraftingPostWriter implements PostWriter {

    private final PostDrafter drafter;
    private final CallSampling sampling;
    private final PostPrompts prompts;

    public DraftingPostWriter(PostDrafter drafter, CallSampling sampling, PostPrompts prompts) {
        this.drafter = drafter;
        this.sampling = sampling;
        this.prompts = prompts;
    }

    @Override
    public Written writePost(PersonaSpec persona, Mood mood, List<String> recentPosts, long seed) {
        return write(persona, mood, null, CallType.NEW_POST, recentPosts, seed);
    }

    @Override
    public Written writePostAbout(PersonaSpec persona, Mood mood, String topic, List<String> recentPosts, long seed) {
        List<ChatMessage> prompt =
                prompts.forNewPost(persona, mood, recentPosts, topic).messages();
        var request = new GenerationRequest(
                persona, CallType.NEW_POST, prompt, sampling.optionsFor(persona, CallType.NEW_POST), seed);
        return switch (drafter.draft(request, new PolicyContext(recentPosts, null, prompt))) {
            case DraftOutcome.Drafted drafted -> new Text(drafted.text());
            case DraftOutcome.Skipped skipped -> new Skipped(skipped.reason());
        };
    }

    @Override
    public Written writeReply(
            PersonaSpec persona, Mood mood, ReplyContext context, List<String> recentPosts, long seed) {
        return write(persona, mood, context, CallType.REPLY, recentPosts, seed);
    }

    @Override
    public Written writeQuote(
            PersonaSpec persona, Mood mood, ReplyContext context, List<String> recentPosts, long seed) {
        return write(persona, mood, context, CallType.QUOTE, recentPosts, seed);
    }

    private Written write(
            PersonaSpec persona,
            Mood mood,
            @Nullable ReplyContext context,
            CallType callType,
            List<String> recent,
            long seed) {
        List<ChatMessage> prompt = (switch (callType) {
                    case REPLY ->
                        prompts.forReply(
                                persona,
                                mood,
                                Objects.requireNonNull(context).post(),
                                context.thread(),
                                context.counterpartId(),
                                recent);
                    case QUOTE ->
                        prompts.forQuote(
                                persona, mood, Objects.requireNonNull(context).post(), context.counterpartId(), recent);
                    default -> prompts.forNewPost(persona, mood, recent);
                })
                .messages();
        var request = new GenerationRequest(persona, callType, prompt, sampling.optionsFor(persona, callType), seed);
        @Nullable
        String allowedMention = callType == CallType.REPLY
                ? Objects.requireNonNull(context).post().authorUsername()
                : null;
        return switch (drafter.draft(request, new PolicyContext(recent, allowedMention, prompt))) {
            case DraftOutcome.Drafted drafted -> new Text(drafted.text());
            case DraftOutcome.Skipped skipped -> new Skipped(skipped.reason());
        };
    }
}
