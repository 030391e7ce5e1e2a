package dev.puppetengine.web.api;

import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaSpec;
import dev.puppetengine.shared.EngineProperties;
import dev.puppetengine.social.GoLiveChecklist;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/checklist?agentId=}: the go-live checklist per persona (or of one), the checks of
 * {@code ./puppet doctor} that need no request to X — whose credentials, the AI-replies switch, the read budget, the
 * automation label — with each persona's X quota. The account itself (its write access, its rate limits) only doctor
 * asks X about ({@code GET /2/users/me}); the answer says so instead of sending requests from a page.
 */
@RestController
final class ChecklistController {

    private final PersonaCatalog catalog;
    private final GoLiveChecklist checklist;
    private final EngineProperties engine;

    ChecklistController(PersonaCatalog catalog, GoLiveChecklist checklist, EngineProperties engine) {
        this.catalog = catalog;
        this.checklist = checklist;
        this.engine = engine;
    }

    /** {@code result} is {@code ok}, {@code warn} or {@code fail}. */
    record CheckView(String check, String result, String detail) {
        static CheckView of(GoLiveChecklist.Check check) {
            return new CheckView(check.check(), check.result().wireName(), check.detail());
        }
    }

    /** {@code ready}: no check failed. */
    record PersonaChecklist(
            String id, String name, boolean ready, List<CheckView> checks, GoLiveChecklist.Quota quota) {}

    /** {@code mode} is {@code sandbox} or {@code live}; {@code ready} counts the personas ready to go live. */
    record Checklist(String mode, int ready, int notReady, List<PersonaChecklist> personas) {}

    @GetMapping("/api/checklist")
    Checklist checklist(@RequestParam(required = false) @Nullable String agentId) {
        List<PersonaSpec> personas = agentId == null || agentId.isEmpty()
                ? catalog.listPersonas()
                : List.of(AgentController.requireKnown(catalog, "agentId", agentId));
        List<PersonaChecklist> lists = personas.stream()
                .map(persona -> {
                    GoLiveChecklist.Report report = checklist.check(persona);
                    return new PersonaChecklist(
                            persona.id().value(),
                            persona.name(),
                            report.ready(),
                            report.checks().stream().map(CheckView::of).toList(),
                            report.quota());
                })
                .toList();
        int ready = (int) lists.stream().filter(PersonaChecklist::ready).count();
        return new Checklist(engine.mode().name().toLowerCase(Locale.ROOT), ready, lists.size() - ready, lists);
    }
}
