// "/approvals" — drafts awaiting approval (GET /api/approvals): approve as drafted or edited, or reject with a reason.
import { agentLink, api, el, loadStatus, report, send, time } from "./common.js";

const list = document.getElementById("approvals");
const empty = document.getElementById("approvals-empty");
const result = document.getElementById("approvals-result");
let names = new Map();

const item = (draft) => {
  const text = el("textarea", { id: `approval-text-${draft.id}`, rows: "3", maxlength: "2000" });
  text.value = draft.text;
  const reason = el("input", { id: `approval-reason-${draft.id}`, maxlength: "500", placeholder: "optional" });
  const approve = el("button", { type: "button", className: "approve" }, "Approve");
  const reject = el("button", { type: "button", className: "danger reject" }, "Reject");
  const outcome = el("p", { className: "outcome", role: "status", hidden: true });
  const decide = async (action, body) => {
    approve.disabled = true;
    reject.disabled = true;
    try {
      const decided = await send("POST", `/api/approvals/${encodeURIComponent(draft.id)}/${action}`, body);
      report(result, null, `Draft ${draft.id} ${decided.status}.`);
      await load();
    } catch (error) {
      report(outcome, error);
      approve.disabled = false;
      reject.disabled = false;
    }
  };
  approve.addEventListener("click", () => decide("approve", text.value === draft.text ? {} : { text: text.value }));
  reject.addEventListener("click", () => decide("reject", reason.value.trim() ? { reason: reason.value.trim() } : {}));
  const where = draft.inReplyTo ? ` · in reply to ${draft.inReplyTo}` : draft.quoted ? ` · quoting ${draft.quoted}` : "";
  return el("li", { className: "panel approval", dataset: { approvalId: String(draft.id), agent: draft.agentId } },
    el("div", { className: "meta muted" }, agentLink(draft.agentId, names.get(draft.agentId) || draft.agentId),
      ` · ${draft.kind}${where} · drafted ${time(draft.createdAt)} · expires ${time(draft.expiresAt)}`),
    el("label", { for: text.id }, "Text (edit before approving if you like)"),
    text,
    el("div", { className: "actions" }, approve,
      el("label", { for: reason.id }, "Reason to reject "), reason, reject),
    outcome);
};

async function load() {
  const [drafts, agents] = await Promise.all([api("/api/approvals?limit=100"), api("/api/agents")]);
  names = new Map(agents.map((agent) => [agent.id, agent.name]));
  list.replaceChildren(...drafts.slice().sort((a, b) => a.id - b.id).map(item));
  empty.hidden = drafts.length > 0;
  list.dataset.loaded = "true";
}

loadStatus();
load().catch((error) => report(result, error));
setInterval(() => {
  if (!list.contains(document.activeElement)) load().catch(() => {});
}, 10000);
