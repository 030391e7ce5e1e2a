package dev.puppetengine.social.sandbox;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/sandbox/timeline/stream}: server-sent events, one {@code post} event (the post as JSON) for every
 * post created on the sandbox network from the moment the client connects. Clients load the timeline first and
 * de-duplicate by id.
 */
@RestController
final class SandboxTimelineStream {

    private static final Logger log = LoggerFactory.getLogger(SandboxTimelineStream.class);
    private static final Duration TIMEOUT = Duration.ofHours(1);

    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();

    @GetMapping(path = "/api/sandbox/timeline/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() throws IOException {
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        emitters.add(emitter);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(error -> emitters.remove(emitter));
        emitter.send(SseEmitter.event().comment("connected"));
        return emitter;
    }

    /**
     * Ends every stream when the engine stops, before the web server's graceful shutdown: an open stream is an active
     * request, and one whose browser went away unnoticed would hold the shutdown until its phase times out.
     */
    @EventListener(ContextClosedEvent.class)
    void onClose() {
        for (SseEmitter emitter : List.copyOf(emitters)) {
            emitter.complete();
        }
        emitters.clear();
    }

    @EventListener
    void onPost(SandboxPostCreated created) {
        SandboxPost post = created.post();
        List<SseEmitter> gone = new ArrayList<>();
        for (SseEmitter emitter : List.copyOf(emitters)) {
            try {
                emitter.send(SseEmitter.event().name("post").id(post.id()).data(post, MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException e) {
                log.debug("timeline client gone: {}", e.toString());
                gone.add(emitter);
            }
        }
        gone.forEach(emitters::remove);
    }
}
