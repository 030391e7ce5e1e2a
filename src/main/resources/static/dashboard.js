"use strict";

// Dashboard v0: persona cards from /api/agents, the sandbox timeline (initial page + server-sent events) and a
// composer that posts as a sandbox user. Authenticated by the cookie that /?token=… sets.
(() => {
  const timeline = document.getElementById("timeline");
  const timelineEmpty = document.getElementById("timeline-empty");
  const personas = document.getElementById("personas");
  const personasEmpty = document.getElementById("personas-empty");
  const connection = document.getElementById("connection");
  const composer = document.getElementById("composer");
  const composerError = document.getElementById("composer-error");
  const replyInput = document.getElementById("composer-reply");
  const replying = document.getElementById("composer-replying");
  const shown = new Set();
  const personaNames = new Map();

  if (new URLSearchParams(location.search).has("token")) {
    history.replaceState(null, "", location.pathname);
  }

  const api = async (path, options = {}) => {
    const response = await fetch(path, {
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/json" },
      ...options,
    });
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not JSON */ }
      throw new Error(`${response.status}: ${detail}`);
    }
    return response.status === 204 ? null : response.json();
  };

  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    Object.entries(props).forEach(([key, value]) => {
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value);
    });
    children.filter((c) => c !== null && c !== undefined).forEach((c) => node.append(c));
    return node;
  };

  const time = (iso) => (iso ? new Date(iso).toLocaleString() : "—");

  const moodWords = (mood) => {
    if (!mood) return "";
    const valence = mood.valence > 0.25 ? "upbeat" : mood.valence < -0.25 ? "low" : "even";
    const arousal = mood.arousal > 0.5 ? "restless" : mood.arousal > 0.2 ? "alert" : "calm";
    return `${arousal} and ${valence}`;
  };

  const renderPersonas = (agents) => {
    personas.replaceChildren();
    personasEmpty.hidden = agents.length > 0;
    agents.forEach((agent) => {
      personaNames.set(agent.id, agent.name);
      const toggle = el("button", { type: "button" }, agent.active ? "Pause" : "Resume");
      toggle.addEventListener("click", async () => {
        toggle.disabled = true;
        try {
          await api(`/api/agents/${encodeURIComponent(agent.id)}`, {
            method: "PATCH",
            body: JSON.stringify({ active: !agent.active }),
          });
        } finally {
          loadPersonas();
        }
      });
      personas.append(el("li", { className: "card", dataset: { persona: agent.id, active: String(agent.active) } },
        el("h3", {}, el("span", { className: "name" }, agent.name), toggle),
        el("div", { className: "meta" }, agent.active ? "active" : "paused", " · mood: ", moodWords(agent.mood)),
        el("div", { className: "meta" }, "last post: ", time(agent.lastPostAt)),
        el("div", { className: "meta next-post" }, "next post: ", agent.active ? time(agent.nextPostAt) : "—"),
        agent.status && agent.status !== "ok"
          ? el("div", { className: "meta status", title: agent.statusDetail || "" }, "status: ", agent.status,
              agent.statusDetail ? ` — ${agent.statusDetail}` : "")
          : null));
    });
  };

  const loadPersonas = async () => {
    try {
      renderPersonas(await api("/api/agents"));
    } catch (error) {
      personasEmpty.hidden = false;
      personasEmpty.textContent = `Cannot load personas (${error.message}).`;
    }
  };

  const renderPost = (post, fresh) => {
    if (shown.has(post.id)) return;
    shown.add(post.id);
    timelineEmpty.hidden = true;
    const reply = el("button", { type: "button", className: "reply-link" }, "reply");
    reply.addEventListener("click", () => {
      replyInput.value = post.id;
      replying.textContent = `replying to @${post.author}`;
      document.getElementById("composer-text").focus();
    });
    const item = el("li", { className: fresh ? "post fresh" : "post", dataset: { postId: post.id, author: post.author } },
      el("div", { className: "meta" },
        el("span", { className: "author" }, `@${post.author}`),
        post.personaId ? el("span", { className: "persona-badge" }, "persona") : null,
        " · ", time(post.createdAt),
        post.inReplyTo ? ` · in reply to ${post.inReplyTo}` : null),
      el("p", { className: "text" }, post.text),
      reply);
    const newer = [...timeline.children].find((child) => BigInt(child.dataset.postId) < BigInt(post.id));
    timeline.insertBefore(item, newer || null);
  };

  const loadTimeline = async () => {
    const posts = await api("/api/sandbox/timeline?limit=100");
    posts.forEach((post) => renderPost(post, false));
  };

  const stream = () => {
    const source = new EventSource("/api/sandbox/timeline/stream", { withCredentials: true });
    source.addEventListener("open", () => {
      connection.dataset.state = "live";
      connection.textContent = "live";
      loadTimeline().catch(() => {});
    });
    source.addEventListener("post", (event) => {
      renderPost(JSON.parse(event.data), true);
      loadPersonas();
    });
    source.addEventListener("error", () => {
      connection.dataset.state = "error";
      connection.textContent = "reconnecting…";
    });
  };

  composer.addEventListener("submit", async (event) => {
    event.preventDefault();
    composerError.hidden = true;
    const body = {
      author: document.getElementById("composer-author").value,
      text: document.getElementById("composer-text").value,
    };
    if (replyInput.value) body.inReplyTo = replyInput.value;
    try {
      renderPost(await api("/api/sandbox/posts", { method: "POST", body: JSON.stringify(body) }), true);
      document.getElementById("composer-text").value = "";
      replyInput.value = "";
      replying.textContent = "";
    } catch (error) {
      composerError.textContent = error.message;
      composerError.hidden = false;
    }
  });

  const notice = document.getElementById("notice");
  api("/api/status")
    .then((status) => {
      notice.textContent = status.notice || "";
      notice.hidden = !status.notice;
    })
    .catch(() => { /* the persona list reports connection problems */ });

  loadPersonas();
  loadTimeline().catch((error) => {
    timelineEmpty.textContent = `Cannot load the timeline (${error.message}).`;
  });
  stream();
  setInterval(loadPersonas, 15000);
})();
