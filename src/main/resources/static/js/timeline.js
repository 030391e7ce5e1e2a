// "/timeline" — the sandbox timeline: the newest page, then live posts by server-sent events, and the composer that
// posts as a sandbox user (or replies to a post).
import { agentLink, api, el, loadStatus, send, time } from "./common.js";

const timeline = document.getElementById("timeline");
const timelineEmpty = document.getElementById("timeline-empty");
const connection = document.getElementById("connection");
const composer = document.getElementById("composer");
const composerText = document.getElementById("composer-text");
const composerError = document.getElementById("composer-error");
const replyInput = document.getElementById("composer-reply");
const replying = document.getElementById("composer-replying");
const cancelReply = document.getElementById("composer-cancel");
const shown = new Set();

const setReply = (post) => {
  replyInput.value = post ? post.id : "";
  replying.textContent = post ? `replying to @${post.author}` : "";
  cancelReply.hidden = !post;
};

const renderPost = (post, fresh) => {
  if (shown.has(post.id)) return;
  shown.add(post.id);
  timelineEmpty.hidden = true;
  const reply = el("button", { type: "button", className: "link reply-link" }, "reply");
  reply.setAttribute("aria-label", `reply to @${post.author}`);
  reply.addEventListener("click", () => {
    setReply(post);
    composerText.focus();
  });
  const item = el("li", { className: fresh ? "post fresh" : "post", dataset: { postId: post.id, author: post.author } },
    el("div", { className: "meta" },
      el("span", { className: "author" }, `@${post.author}`),
      post.personaId ? [" ", el("span", { className: "badge" }, agentLink(post.personaId, "persona"))] : null,
      " · ", el("time", { datetime: post.createdAt }, time(post.createdAt)),
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
  source.addEventListener("post", (event) => renderPost(JSON.parse(event.data), true));
  source.addEventListener("error", () => {
    connection.dataset.state = "error";
    connection.textContent = "reconnecting…";
  });
};

cancelReply.addEventListener("click", () => setReply(null));

composer.addEventListener("submit", async (event) => {
  event.preventDefault();
  composerError.hidden = true;
  const body = { author: document.getElementById("composer-author").value, text: composerText.value };
  if (replyInput.value) body.inReplyTo = replyInput.value;
  try {
    renderPost(await send("POST", "/api/sandbox/posts", body), true);
    composerText.value = "";
    setReply(null);
  } catch (error) {
    composerError.textContent = error.message;
    composerError.hidden = false;
  }
});

connection.dataset.state = "connecting";
connection.textContent = "connecting…";
loadStatus();
loadTimeline().catch((error) => {
  timelineEmpty.textContent = `Cannot load the timeline (${error.message}).`;
});
stream();
