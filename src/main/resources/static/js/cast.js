// "/" — the cast: a card per persona with its mood sparkline (valence), its last post, its next post time and its
// status (paused, offline composer, auth_error, budget_exhausted, …), and pause/resume.
import { agentLink, api, el, loadStatus, offlineAgents, send, sparkline, statusBadge, time } from "./common.js";

const personas = document.getElementById("personas");
const personasEmpty = document.getElementById("personas-empty");
const nodes = document.getElementById("nodes");
let offline = new Set();

const moodWords = (mood) => {
  if (!mood) return "";
  const valence = mood.valence > 0.25 ? "upbeat" : mood.valence < -0.25 ? "low" : "even";
  const arousal = mood.arousal > 0.5 ? "restless" : mood.arousal > 0.2 ? "alert" : "calm";
  return `${arousal} and ${valence}`;
};

const lastPost = async (id) => {
  const posts = await api(`/api/posts?agentId=${encodeURIComponent(id)}&status=posted&limit=1`);
  return posts[0] || null;
};

const moodHistory = async (id) => {
  const mood = await api(`/api/agents/${encodeURIComponent(id)}/mood?limit=30`);
  return mood.history.slice().reverse().map((entry) => entry.valence);
};

const card = (agent, post, history) => {
  const toggle = el("button", { type: "button", className: "secondary" }, agent.active ? "Pause" : "Resume");
  toggle.setAttribute("aria-label", `${agent.active ? "Pause" : "Resume"} ${agent.name}`);
  toggle.addEventListener("click", async () => {
    toggle.disabled = true;
    try {
      await send("PATCH", `/api/agents/${encodeURIComponent(agent.id)}`, { active: !agent.active });
    } finally {
      load();
    }
  });
  const badges = [];
  if (!agent.active) badges.push(statusBadge("paused"));
  if (offline.has(agent.id)) badges.push(statusBadge("offline composer"));
  if (agent.status && agent.status !== "ok") badges.push(statusBadge(agent.status));
  return el("li", { className: "card", dataset: { persona: agent.id, active: String(agent.active) } },
    el("h2", {}, el("span", { className: "name" }, agentLink(agent.id, agent.name))),
    el("p", { className: "description" }, agent.description),
    badges.length ? el("div", { className: "badges" }, badges) : null,
    agent.statusDetail ? el("div", { className: "meta status" }, agent.statusDetail) : null,
    sparkline(history, `mood of ${agent.name}: valence over the last ${history.length} changes`),
    el("div", { className: "meta" }, "mood: ", moodWords(agent.mood)),
    post
      ? el("p", { className: "last-post text" }, post.text)
      : el("p", { className: "last-post muted" }, "no post yet"),
    el("div", { className: "meta" }, "last post: ", time(agent.lastPostAt)),
    el("div", { className: "meta next-post" }, "next post: ", agent.active ? time(agent.nextPostAt) : "—"),
    el("div", { className: "meta node" }, "node: ", agent.node || "—"),
    el("div", { className: "actions" }, toggle, agentLink(agent.id, "details")));
};

/** The engine nodes on the database (docs/CLUSTER.md): one row each, this node marked. */
const showNodes = (status) => {
  if (!status || !status.nodes) return;
  nodes.replaceChildren(...status.nodes.map((node) =>
    el("tr", { dataset: { node: node.id, alive: String(node.alive) } },
      el("td", {}, node.id === status.node ? `${node.id} (this node)` : node.id),
      el("td", {}, `${node.host} · pid ${node.pid}`),
      el("td", {}, node.alive ? "alive" : "not alive"),
      el("td", {}, time(node.heartbeatAt)),
      el("td", {}, String(node.personas)))));
};

async function load() {
  loadStatus().then(showNodes);
  try {
    const agents = await api("/api/agents");
    const extras = await Promise.all(agents.map((agent) =>
      Promise.all([lastPost(agent.id).catch(() => null), moodHistory(agent.id).catch(() => [])])));
    personas.replaceChildren(...agents.map((agent, i) => card(agent, ...extras[i])));
    personasEmpty.hidden = agents.length > 0;
    personas.dataset.loaded = "true";
  } catch (error) {
    personasEmpty.hidden = false;
    personasEmpty.textContent = `Cannot load personas (${error.message}).`;
  }
}

loadStatus().then((status) => {
  offline = offlineAgents(status);
  load();
});
setInterval(load, 15000);
