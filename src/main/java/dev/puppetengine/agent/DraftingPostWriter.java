package dev.puppetengine.agent;

import dev.puppetengine.llm.CallSampling;
import dev.puppetengine.llm.CallType;
import dev.puppetengine.llm.ChatMessage;
import dev.puppetengine.llm.DraftOutcome;
import dev.puppetengine.llm.GenerationRequest;
import dev.puppetengine.llm.PolicyContext;
import dev.puppetengine.llm.PostDrafter;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.social.Post;
import java.util.List;
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
        return write(persona, mood, null, recentPosts, seed);
    }

    @Override
    public Written writeReply(PersonaSpec persona, Mood mood, Post mention, List<String> recentPosts, long seed) {
        return write(persona, mood, mention, recentPosts, seed);
    }

    private Written write(PersonaSpec persona, Mood mood, @Nullable Post mention, List<String> recent, long seed) {
        CallType callType = mention == null ? CallType.NEW_POST : CallType.REPLY;
        List<ChatMessage> prompt = (mention == null
                        ? prompts.forNewPost(persona, mood, recent)
                        : prompts.forReply(persona, mood, mention, recent))
                .messages();
        var request = new GenerationRequest(persona, callType, prompt, sampling.optionsFor(persona, callType), seed);
        var context = new PolicyContext(recent, mention == null ? null : mention.authorUsername(), prompt);
        return switch (drafter.draft(request, context)) {
            case DraftOutcome.Drafted drafted -> new Text(drafted.text());
            case DraftOutcome.Skipped skipped -> new Skipped(skipped.reason());
        };
    }
}
