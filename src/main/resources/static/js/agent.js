// "/agents/{id}" — one persona: its state, the mood chart over time (uPlot, from /api/agents/{id}/mood history), its
// relationships, memories with recall search, decisions with reasons, today's usage and X quota, the prompt its
// next post would be written from, and for a trading persona its portfolio (paper or live) and trade ledger.
import { agentLink, api, el, loadStatus, number, offlineAgents, report, send, statusBadge, time } from "./common.js";

const id = decodeURIComponent(location.pathname.split("/").filter(Boolean)[1] || "");
const path = `/api/agents/${encodeURIComponent(id)}`;
const byId = (name) => document.getElementById(name);
const agentError = byId("agent-error");

const rows = (table, items, render, empty) => {
  const body = byId(table).querySelector("tbody");
  body.replaceChildren(...items.map(render));
  const none = byId(empty);
  if (none) none.hidden = items.length > 0;
};
const cells = (...values) => el("tr", {}, values.map((v) => (v instanceof Node ? v : el("td", {}, v ?? "—"))));
const num = (value, digits) => el("td", { className: "num" }, number(value, digits));

async function loadAgent(status) {
  const agent = await api(path);
  document.title = `${agent.name} · Puppet Engine`;
  byId("agent-name").textContent = agent.name;
  byId("agent-description").textContent = agent.description;
  const badges = [];
  if (!agent.active) badges.push(statusBadge("paused"));
  if (offlineAgents(status).has(agent.id)) badges.push(statusBadge("offline composer"));
  if (agent.state.status && agent.state.status !== "ok") badges.push(statusBadge(agent.state.status));
  byId("agent-badges").replaceChildren(...badges);
  const facts = [
    ["id", agent.id],
    ["status", agent.state.statusDetail ? `${agent.state.status}: ${agent.state.statusDetail}` : agent.state.status],
    ["last post", time(agent.lastPostAt)],
    ["next post", agent.active ? time(agent.nextPostAt) : "— (paused)"],
    ["node", agent.node || "— (no step yet)"],
    ["memories", String(agent.state.memories)],
    ["relationships", String(agent.state.relationships)],
  ];
  byId("agent-facts").replaceChildren(...facts.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
  const toggle = byId("agent-toggle");
  toggle.hidden = false;
  toggle.disabled = false;
  toggle.textContent = agent.active ? "Pause" : "Resume";
  toggle.onclick = async () => {
    toggle.disabled = true;
    try {
      await send("PATCH", path, { active: !agent.active });
      agentError.hidden = true;
    } catch (error) {
      report(agentError, error);
    }
    loadAgent(status);
  };
}

let chart = null;

async function loadMood() {
  const mood = await api(`${path}/mood?limit=500`);
  byId("mood-now").textContent =
    `now: ${mood.mood.words} (valence ${number(mood.mood.valence)}, arousal ${number(mood.mood.arousal)},`
    + ` dominance ${number(mood.mood.dominance)})`;
  const history = mood.history.slice().sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const container = byId("mood-chart");
  container.dataset.points = String(history.length);
  byId("mood-empty").hidden = history.length > 0;
  if (history.length === 0 || typeof window.uPlot !== "function") return;
  const data = [
    history.map((entry) => Date.parse(entry.at) / 1000),
    history.map((entry) => entry.valence),
    history.map((entry) => entry.arousal),
    history.map((entry) => entry.dominance),
  ];
  const options = {
    width: Math.max(container.clientWidth, 280),
    height: 240,
    scales: { y: { range: [-1, 1] } },
    series: [
      { label: "time" },
      { label: "valence", stroke: "#3557d6", width: 2 },
      { label: "arousal", stroke: "#c2410c", width: 1.5 },
      { label: "dominance", stroke: "#1b7a44", width: 1.5 },
    ],
  };
  if (chart) chart.destroy();
  container.replaceChildren();
  chart = new window.uPlot(options, data, container);
  container.dataset.drawn = "true";
}

window.addEventListener("resize", () => {
  if (chart) chart.setSize({ width: Math.max(byId("mood-chart").clientWidth, 280), height: 240 });
});

async function loadRelationships() {
  const relationships = await api(`${path}/relationships`);
  rows("relationships", relationships, (r) => cells(
    el("td", {}, r.counterpartId.startsWith("x:") ? r.counterpartId : agentLink(r.counterpartId)),
    num(r.sentiment), num(r.familiarity), num(r.trust), time(r.lastInteractionAt), el("td", { className: "text" }, r.notes.join("; "))),
  "relationships-empty");
}

async function loadMemories(query) {
  const q = query ? `&query=${encodeURIComponent(query)}` : "";
  const memories = await api(`${path}/memories?limit=20${q}`);
  byId("memories").replaceChildren(...memories.map((m) =>
    el("li", { dataset: { type: m.type, memoryId: String(m.id) } },
      el("div", { className: "meta muted" }, m.type, " · importance ", number(m.importance), " · ", time(m.createdAt),
        m.score !== null && m.score !== undefined ? ` · score ${number(m.score, 3)}` : null),
      el("p", { className: "text" }, m.content))));
  byId("memories-empty").hidden = memories.length > 0;
  byId("memories").dataset.query = query || "";
}

async function loadDecisions() {
  const decisions = await api(`/api/decisions?agentId=${encodeURIComponent(id)}&limit=50`);
  rows("decisions", decisions, (d) => cells(time(d.at), d.kind, d.outcome, el("td", { className: "text" }, d.reason),
    d.inputRef), "decisions-empty");
}

async function loadUsage() {
  const [usage, checklist] = await Promise.all([api("/api/usage"), api(`/api/checklist?agentId=${encodeURIComponent(id)}`)]);
  const mine = usage.personas.find((p) => p.id === id);
  const quota = checklist?.personas?.find((p) => p.id === id)?.quota;
  const budget = mine?.dailyBudget;
  const limit = (used, max) => (max ? `${number(used)} of ${number(max)}` : `${number(used)} (no limit)`);
  const facts = [
    ["tokens", mine ? limit(mine.inputTokens + mine.outputTokens, budget?.dailyTokens) : "0"],
    ["cost", mine ? `$${number(mine.costUsd, 4)}${budget?.dailyCostUsd ? ` of $${number(budget.dailyCostUsd)}` : ""}` : "$0"],
    ["cached tokens", number(mine?.cachedTokens ?? 0)],
    ["X reads", quota?.monthlyReadBudget
      ? `${number(mine?.x.reads ?? 0)} today · budget ${number(quota.monthlyReadBudget)} a month`
      : number(mine?.x.reads ?? 0)],
    ["X writes", quota?.dailyPostCap
      ? `${number(mine?.x.writes ?? 0)} today · cap ${number(quota.dailyPostCap)} posts a day`
      : number(mine?.x.writes ?? 0)],
  ];
  byId("usage").replaceChildren(...facts.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
  rows("usage-calls", mine ? mine.calls : [], (c) => cells(
    c.callType, `${c.provider} ${c.model}`, num(c.calls, 0), num(c.inputTokens, 0), num(c.outputTokens, 0),
    num(c.costUsd, 4)), "usage-calls-empty");
}

async function loadPrompt() {
  const context = await api(`${path}/context`);
  byId("prompt-summary").textContent = `${context.totalTokens} tokens, ${context.stablePrefixTokens} of them a stable`
    + ` (cached) prefix${context.nextPostAt ? `; for the post due ${time(context.nextPostAt)}` : ""}`;
  rows("prompt-sections", context.sections,
    (s) => cells(s.heading || s.name, s.stable ? "yes" : "no", num(s.tokens, 0)), "prompt-sections-empty");
  byId("prompt-messages").replaceChildren(...context.messages.map((m) =>
    el("li", {}, el("strong", {}, m.role), el("pre", {}, m.content))));
}

// Base units to whole tokens, exactly (amounts are strings: a u64 does not fit a JS number).
const whole = (amount, decimals) => {
  if (amount === null || amount === undefined) return "—";
  const digits = String(amount).padStart(decimals + 1, "0");
  const int = digits.slice(0, digits.length - decimals);
  const frac = decimals > 0 ? digits.slice(digits.length - decimals).replace(/0+$/, "") : "";
  return `${Number(int).toLocaleString()}${frac ? `.${frac}` : ""}`;
};
const SOL_DECIMALS = 9;
const FILLED = new Set(["confirmed", "simulated"]);
const UNDONE = new Set(["refused", "failed"]);
const tradeBadge = (t) => el("span", {
  className: "badge",
  dataset: { kind: FILLED.has(t.status) ? "ok" : UNDONE.has(t.status) ? "bad" : "warn", status: t.status },
}, t.simulated && t.status !== "simulated" ? `${t.status} · paper` : t.status);

async function loadTrading() {
  const portfolio = await api(`${path}/portfolio`);
  const section = byId("trading");
  section.hidden = !portfolio.tradingEnabled;
  if (!portfolio.tradingEnabled) return;
  const held = new Map(portfolio.tokens.map((t) => [t.mint, t.decimals]));
  const facts = [
    ["mode", portfolio.simulated ? "simulation (paper portfolio)" : "live"],
    ["wallet", portfolio.walletAddress || "—"],
    ["SOL", whole(portfolio.lamports, SOL_DECIMALS)],
    ["as of", time(portfolio.at)],
  ];
  byId("portfolio").replaceChildren(...facts.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, value)]));
  rows("holdings", portfolio.tokens, (t) => cells(t.symbol, el("td", { className: "mono" }, t.mint),
    el("td", { className: "num" }, whole(t.amount, t.decimals))), "holdings-empty");
  const trades = await api(`${path}/trades?limit=50`);
  const amount = (value, mint, symbol, known) => {
    const places = known ?? held.get(mint);
    return places === undefined || places === null ? `${value ?? "—"} base units ${symbol}` : `${whole(value, places)} ${symbol}`;
  };
  rows("trades", trades, (t) => el("tr", { dataset: { status: t.status, simulated: String(t.simulated) } },
    el("td", {}, time(t.decidedAt)),
    el("td", {}, t.side),
    el("td", {}, amount(t.inAmount, t.inputMint, t.inputSymbol, t.inputDecimals)),
    el("td", {}, amount(t.outAmount, t.outputMint, t.outputSymbol, t.outputDecimals)),
    el("td", {}, tradeBadge(t)),
    el("td", { className: "text" }, [t.refusedLimit, t.detail].filter(Boolean).join(": ") || "—"),
    el("td", { className: "text" }, t.reason || "—"),
    el("td", { className: "mono" }, t.signature || "—")), "trades-empty");
}

const guard = (load) => load().catch((error) => report(agentError, error));

byId("recall").addEventListener("submit", (event) => {
  event.preventDefault();
  guard(() => loadMemories(byId("recall-query").value.trim()));
});
byId("recall-clear").addEventListener("click", () => {
  byId("recall-query").value = "";
  guard(() => loadMemories(""));
});

loadStatus().then((status) => {
  guard(() => loadAgent(status));
  [loadMood, loadRelationships, () => loadMemories(""), loadDecisions, loadUsage, loadPrompt, loadTrading]
    .forEach(guard);
});
