package dev.puppetengine.web.api;

import dev.puppetengine.agent.Mood;
import dev.puppetengine.agent.MoodHistory;
import dev.puppetengine.agent.Moods;
import dev.puppetengine.agent.PersonaStateStore;
import dev.puppetengine.persona.PersonaCatalog;
import dev.puppetengine.persona.PersonaId;
import dev.puppetengine.shared.InvalidInputException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A persona's mood (DESIGN §4.2): {@code GET} shows it now (decayed toward its baseline) with its recent history,
 * {@code POST} shifts it by {@code {valenceShift, arousalShift, dominanceShift}} (each in [-1, 1], missing = 0; the
 * result clamps) and returns the new mood. Unknown personas are 404, bad input 400.
 */
@RestController
@RequestMapping("/api/agents/{id}/mood")
final class MoodController {

    static final int MAX_HISTORY = 500;

    private final PersonaCatalog personas;
    private final PersonaStateStore states;
    private final Moods moods;

    MoodController(PersonaCatalog personas, PersonaStateStore states, Moods moods) {
        this.personas = personas;
        this.states = states;
        this.moods = moods;
    }

    /** The body of {@code POST}. */
    record MoodShiftRequest(
            @Nullable Double valenceShift,
            @Nullable Double arousalShift,
            @Nullable Double dominanceShift) {}

    /** A mood as the API shows it: the numbers and the words prompts carry. */
    record MoodView(double valence, double arousal, double dominance, String words) {
        static MoodView of(Mood mood) {
            return new MoodView(mood.valence(), mood.arousal(), mood.dominance(), Moods.words(mood));
        }
    }

    record HistoryEntry(double valence, double arousal, double dominance, String cause, Instant at) {
        static HistoryEntry of(MoodHistory.Entry entry) {
            return new HistoryEntry(
                    entry.mood().valence(),
                    entry.mood().arousal(),
                    entry.mood().dominance(),
                    entry.cause(),
                    entry.at());
        }
    }

    record MoodWithHistory(MoodView mood, List<HistoryEntry> history) {}

    @GetMapping
    MoodWithHistory show(@PathVariable String id, @RequestParam(defaultValue = "100") int limit) {
        PersonaId personaId = requirePersona(id);
        if (limit < 1 || limit > MAX_HISTORY) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_HISTORY);
        }
        return new MoodWithHistory(
                MoodView.of(moods.current(personaId)),
                moods.history(personaId, limit).stream().map(HistoryEntry::of).toList());
    }

    @PostMapping
    MoodView shift(@PathVariable String id, @RequestBody MoodShiftRequest request) {
        PersonaId personaId = requirePersona(id);
        double valence = shiftOf("/valenceShift", request.valenceShift());
        double arousal = shiftOf("/arousalShift", request.arousalShift());
        double dominance = shiftOf("/dominanceShift", request.dominanceShift());
        return MoodView.of(moods.shift(personaId, valence, arousal, dominance, "operator shift"));
    }

    private static double shiftOf(String field, @Nullable Double shift) {
        if (shift == null) {
            return 0;
        }
        if (!(shift >= -1 && shift <= 1)) {
            throw new InvalidInputException(field, "must be between -1 and 1");
        }
        return shift;
    }

    private PersonaId requirePersona(String id) {
        PersonaId personaId = AgentController.requireKnown(personas, "id", id).id();
        if (states.find(personaId).isEmpty()) {
            throw new UnknownAgentException(id);
        }
        return personaId;
    }
}
