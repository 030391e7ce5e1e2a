// What every view shares: the API call (the HttpOnly cookie authenticates it; the browser adds Origin and
// Sec-Fetch-Site, which the server's same-origin rule checks on writes), element building that only ever inserts
// text (never HTML), and small formatters. Data from personas, users and files goes in through textContent only.

if (new URLSearchParams(location.search).has("token")) {
  history.replaceState(null, "", location.pathname);
}

/** A JSON call to the API; rejects with an Error whose message is the problem's status and detail. */
export async function api(path, options = {}) {
  const response = await fetch(path, {
    credentials: "same-origin",
    headers: { "Accept": "application/json", "Content-Type": "application/json" },
    ...options,
  });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
      if (problem.field) detail = `${problem.field}: ${detail}`;
    } catch (ignored) { /* not JSON */ }
    const error = new Error(`${response.status}: ${detail}`);
    error.status = response.status;
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

/** {@code api} with a JSON body. */
export const send = (method, path, body) => api(path, { method, body: JSON.stringify(body) });

/**
 * Creates an element: props are attributes (className, dataset and on* handlers specially), children are nodes or
 * strings; strings become text nodes, so no data is ever parsed as HTML.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(props).forEach(([key, value]) => {
    if (value === null || value === undefined || value === false) return;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "className") node.className = value;
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  });
  children.flat().filter((c) => c !== null && c !== undefined && c !== false)
    .forEach((c) => node.append(typeof c === "string" || typeof c === "number" ? String(c) : c));
  return node;
}

export const time = (iso) => (iso ? new Date(iso).toLocaleString() : "—");

export const number = (value, digits = 2) =>
  typeof value === "number" ? value.toLocaleString(undefined, { maximumFractionDigits: digits }) : "—";

export const agentLink = (id, text) => el("a", { href: `/agents/${encodeURIComponent(id)}` }, text || id);

/** A status word as a badge; bad ones (auth_error, budget_exhausted, not_live, …) in red. */
export function statusBadge(status) {
  const kind = status === "paused" || status === "offline composer" ? "warn" : status === "ok" ? "ok" : "bad";
  return el("span", { className: "badge", dataset: { kind, status } }, status);
}

/** Shows an operation's outcome in a role=status/alert element. */
export function report(target, error, success) {
  target.hidden = false;
  target.classList.toggle("error", Boolean(error));
  target.classList.toggle("done", !error);
  target.textContent = error ? error.message : success;
}

/** An inline SVG sparkline of values in [-1, 1] (oldest first), built with DOM calls. */
export function sparkline(values, label) {
  const ns = "http://www.w3.org/2000/svg";
  const width = 200;
  const height = 36;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("class", "sparkline");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.dataset.points = String(values.length);
  const title = document.createElementNS(ns, "title");
  title.textContent = label;
  svg.append(title);
  const zero = document.createElementNS(ns, "line");
  zero.setAttribute("x1", "0");
  zero.setAttribute("x2", String(width));
  zero.setAttribute("y1", String(height / 2));
  zero.setAttribute("y2", String(height / 2));
  svg.append(zero);
  if (values.length > 0) {
    const step = values.length > 1 ? width / (values.length - 1) : 0;
    const points = values.map((v, i) => {
      const y = ((1 - Math.max(-1, Math.min(1, v))) / 2) * (height - 4) + 2;
      return `${(values.length > 1 ? i * step : width / 2).toFixed(1)},${y.toFixed(1)}`;
    });
    if (points.length === 1) points.push(points[0].replace(/^[^,]+/, String(width)));
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", points.join(" "));
    svg.append(line);
  }
  return svg;
}

/** The engine's status (mode, models, the offline-composer notice) into #notice; resolves to the status or null. */
export async function loadStatus() {
  const notice = document.getElementById("notice");
  try {
    const status = await api("/api/status");
    if (notice) {
      notice.textContent = status.notice || "";
      notice.hidden = !status.notice;
    }
    return status;
  } catch (error) {
    if (notice) {
      notice.textContent = `Cannot reach the engine's API (${error.message}). Open the dashboard with the URL it printed.`;
      notice.hidden = false;
    }
    return null;
  }
}

/** The personas that write with the offline composer (no language model), from /api/status. */
export const offlineAgents = (status) =>
  new Set((status?.models || []).filter((m) => !m.languageModel).map((m) => m.agentId));
