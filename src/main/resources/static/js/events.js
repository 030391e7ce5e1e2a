// "/events" — recent events with their status, and forms that inject news, a mood shift or an interaction prompt
// (POST /api/events).
import { agentLink, api, el, loadStatus, report, send, time } from "./common.js";

const byId = (name) => document.getElementById(name);

const summary = (event) => {
  const d = event.data || {};
  switch (event.type) {
    case "news": return d.headline || "";
    case "mood_shift":
      return `${d.name || ""} (valence ${d.valence_shift ?? 0}, arousal ${d.arousal_shift ?? 0},`
        + ` dominance ${d.dominance_shift ?? 0})`;
    case "interaction_prompt": return `${d.initiator_id} reacts to ${d.target_id}${d.topic ? ` on ${d.topic}` : ""}`;
    default: return JSON.stringify(d);
  }
};

async function loadEvents() {
  const events = await api("/api/events?limit=50");
  byId("events").querySelector("tbody").replaceChildren(...events.map((event) =>
    el("tr", { dataset: { eventId: event.id, type: event.type, status: event.status } },
      el("td", {}, time(event.createdAt)),
      el("td", {}, event.type),
      el("td", { className: "text" }, summary(event)),
      el("td", {}, event.targetAgentIds.length
        ? event.targetAgentIds.flatMap((target, i) => (i ? [", ", agentLink(target)] : [agentLink(target)]))
        : "every active persona"),
      el("td", {}, event.priority),
      el("td", {}, event.status, event.reason ? ` — ${event.reason}` : ""),
      el("td", {}, event.source))));
  byId("events-empty").hidden = events.length > 0;
}

const targetsOf = (form) => [...form.querySelectorAll("fieldset.targets input:checked")].map((box) => box.value);

const wire = (formId, build) => {
  const form = byId(formId);
  const result = form.querySelector(".result");
  form.addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const event = await send("POST", "/api/events", build(form));
      report(result, null, `Queued ${event.type} event ${event.id}.`);
      form.reset();
      await loadEvents();
    } catch (error) {
      report(result, error);
    } finally {
      button.disabled = false;
    }
  });
};

const withTargets = (form, body) => {
  const targets = targetsOf(form);
  return targets.length ? { ...body, targetAgentIds: targets } : body;
};

wire("news-form", (form) => {
  const data = { headline: byId("news-headline").value.trim(), topic: byId("news-topic").value.trim() };
  const url = byId("news-url").value.trim();
  if (url) data.url = url;
  return withTargets(form, { type: "news", data, priority: "high" });
});

wire("shift-form", (form) => withTargets(form, {
  type: "mood_shift",
  data: {
    name: byId("shift-name").value.trim(),
    valence_shift: Number(byId("shift-valence").value || 0),
    arousal_shift: Number(byId("shift-arousal").value || 0),
    dominance_shift: Number(byId("shift-dominance").value || 0),
  },
}));

wire("interaction-form", () => {
  const initiator = byId("interaction-initiator").value;
  return {
    type: "interaction_prompt",
    data: { initiator_id: initiator, target_id: byId("interaction-target").value,
      topic: byId("interaction-topic").value.trim() },
    targetAgentIds: [initiator],
  };
});

async function loadPersonas() {
  const agents = await api("/api/agents");
  document.querySelectorAll("fieldset.targets").forEach((fieldset, f) => {
    fieldset.querySelectorAll("label").forEach((label) => label.remove());
    agents.forEach((agent) => fieldset.append(el("label", {},
      el("input", { type: "checkbox", name: "target", value: agent.id, id: `target-${f}-${agent.id}` }),
      agent.name)));
  });
  const options = () => agents.map((agent) => el("option", { value: agent.id }, agent.name));
  byId("interaction-initiator").replaceChildren(...options());
  byId("interaction-target").replaceChildren(...options());
  if (agents.length > 1) byId("interaction-target").selectedIndex = 1;
}

loadStatus();
loadPersonas().catch((error) => report(byId("news-form").querySelector(".result"), error));
loadEvents().catch((error) => {
  byId("events-empty").hidden = false;
  byId("events-empty").textContent = `Cannot load events (${error.message}).`;
});
setInterval(() => loadEvents().catch(() => {}), 10000);
