package dev.puppetengine.web.dashboard;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The URLs of the dashboard's views, each forwarded to its static page: {@code /} the cast ({@code index.html}, served
 * by Boot), {@code /agents/{id}} a persona, {@code /timeline}, {@code /events} and {@code /checklist}. The pages fetch everything else from the API, authenticated by the cookie that {@code ?token=}
 * sets.
 */
@Controller
final class DashboardPages {

    @GetMapping("/agents/{id}")
    String agent() {
        return "forward:/agent.html";
    }

    @GetMapping("/timeline")
    String timeline() {
        return "forward:/timeline.html";
    }

    @GetMapping("/approvals")
    String approvals() {
        return "forward:/approvals.html";
    }

    @GetMapping("/events")
    String events() {
        return "forward:/events.html";
    }

    @GetMapping("/checklist")
    String checklist() {
        return "forward:/checklist.html";
    }
}
