// "/checklist" — the go-live checklist per persona (GET /api/checklist): the checks of ./puppet doctor that need no
// request to X, and each persona's X quota.
import { agentLink, api, el, loadStatus, number } from "./common.js";

const list = document.getElementById("checklist");
const summary = document.getElementById("checklist-summary");

const personaPanel = (persona) => el("section", {
  className: "panel", dataset: { persona: persona.id, ready: String(persona.ready) },
  "aria-labelledby": `checklist-${persona.id}`,
},
el("h2", { id: `checklist-${persona.id}` }, agentLink(persona.id, persona.name), " — ",
  el("span", { className: "badge", dataset: { kind: persona.ready ? "ok" : "bad" } },
    persona.ready ? "ready" : "not ready")),
el("div", { className: "table-wrap" }, el("table", {},
  el("thead", {}, el("tr", {}, el("th", {}, "check"), el("th", {}, "result"), el("th", {}, "detail"))),
  el("tbody", {}, persona.checks.map((check) => el("tr", { dataset: { check: check.check } },
    el("td", {}, check.check),
    el("td", { dataset: { result: check.result } }, check.result),
    el("td", { className: "text" }, check.detail)))))),
el("p", { className: "meta muted" }, `X quota: ${number(persona.quota.dailyPostCap)} posts a day; `,
  persona.quota.monthlyReadBudget ? `${number(persona.quota.monthlyReadBudget)} reads a month` : "no read budget"));

async function load() {
  const checklist = await api("/api/checklist");
  summary.textContent = `Running in ${checklist.mode} mode. ${checklist.ready} of ${checklist.personas.length}`
    + " persona(s) ready to go live.";
  list.replaceChildren(...checklist.personas.map(personaPanel));
  list.dataset.loaded = "true";
}

loadStatus();
load().catch((error) => {
  summary.className = "error";
  summary.textContent = `Cannot load the checklist (${error.message}).`;
});
