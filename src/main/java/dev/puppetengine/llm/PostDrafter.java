package dev.puppetengine.llm;

import dev.puppetengine.llm.PolicyOutcome.Accepted;
import dev.puppetengine.llm.PolicyOutcome.Rejected;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates a post, reply or quote and passes it through the {@link OutputPolicy}; a rejected text is regenerated
 * up to the persona's {@code max_regenerations}, each time with a new seed and the reason it was rejected, and then
 * the post is skipped; a persona over its daily budget is skipped without a call. Never returns a text that violates the policy. Provider failures propagate as
 * {@code ExternalServiceException}s. Thread-safe.
 */
public final class PostDrafter {

    private static final Logger log = LoggerFactory.getLogger(PostDrafter.class);
    private static final int MAX_REGENERATIONS = 5;
    /** How the message asking for another draft begins (a composer may read it to vary its next attempt more). */
    public static final String REJECTED_DRAFT = "That draft could not be posted";

    private final LanguageModels models;
    private final OutputPolicy policy;

    public PostDrafter(LanguageModels models, OutputPolicy policy) {
        this.models = models;
        this.policy = policy;
    }

    public DraftOutcome draft(GenerationRequest request, PolicyContext context) {
        if (!CallSampling.isText(request.callType())) {
            throw new IllegalArgumentException("drafting needs a post, reply or quote call, not " + request.callType());
        }
        LanguageModel model = models.forPersona(request.persona());
        int regenerations = Math.max(
                0,
                Math.min(MAX_REGENERATIONS, request.persona().postProcessing().maxRegenerations()));
        List<Generation> generations = new ArrayList<>();
        List<Rejected> rejections = new ArrayList<>();
        GenerationRequest attempt = request;
        for (int i = 0; i <= regenerations; i++) {
            Generation generation;
            try {
                generation = model.generate(attempt);
            } catch (BudgetExhaustedException e) {
                log.info("post skipped for {}: {}", request.persona().id(), e.reason());
                return new DraftOutcome.Skipped(e.reason(), rejections, generations);
            }
            generations.add(generation);
            PolicyOutcome outcome = policy.apply(request.persona(), generation.text(), context);
            switch (outcome) {
                case Accepted accepted -> {
                    return new DraftOutcome.Drafted(accepted.text(), i + 1, generations);
                }
                case Rejected rejected -> {
                    rejections.add(rejected);
                    log.info(
                            "draft {} of {} for {} rejected: {} ({})",
                            i + 1,
                            regenerations + 1,
                            request.persona().id(),
                            rejected.violation(),
                            rejected.detail());
                    attempt = retry(request, rejected, i + 1);
                }
            }
        }
        String reason = "every draft was rejected by the output policy; last: "
                + rejections.get(rejections.size() - 1).detail();
        log.info("post skipped for {}: {}", request.persona().id(), reason);
        return new DraftOutcome.Skipped(reason, rejections, generations);
    }

    private static GenerationRequest retry(GenerationRequest request, Rejected rejected, int attempt) {
        List<ChatMessage> messages = new ArrayList<>(request.messages());
        messages.add(ChatMessage.user(REJECTED_DRAFT + " (" + rejected.detail()
                + "). Write a different one that follows every rule. Reply with the post text only."));
        return new GenerationRequest(
                request.persona(), request.callType(), messages, request.options(), request.seed() + 7919L * attempt);
    }
}
