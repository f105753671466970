/*
 * app.js: the built-in test page. The protocol is all redcast-js's, the client this server serves
 * as /redcast.js: connecting and reconnecting, requests and replies, recovery of missed messages,
 * refreshing a JWT before it expires. This module renders what the client reports and turns form
 * input into calls; chat.js builds the chat panel on the same connection through `page`. Data
 * from the wire is written with textContent only.
 */
import { RedcastClient } from "/redcast.js";

const LOG_LIMIT = 500;
const STORE_TOKEN = "redcast.token";
const STORE_USER = "redcast.user";
const STORE_SERVERS = "redcast.servers";

const $ = (id) => document.getElementById(id);

/** Creates an element; string children become text nodes (never parsed as HTML). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function storageGet(key) {
  try {
    return localStorage.getItem(key) || "";
  } catch (e) {
    return ""; // storage disabled (private mode, file://): just do not remember
  }
}

function storageSet(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch (e) {
    // see storageGet
  }
}

function clock(timestamp) {
  const date = timestamp ? new Date(timestamp) : new Date();
  if (isNaN(date.getTime())) return String(timestamp);
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  return pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) +
    "." + pad(date.getMilliseconds(), 3);
}

/** Pretty-prints JSON objects and arrays; anything else is shown verbatim. */
function prettyPayload(payload) {
  const trimmed = payload.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return { text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true };
    } catch (e) {
      // not JSON after all
    }
  }
  return { text: payload, json: false };
}

function base64(bytes) {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

// ---- log -----------------------------------------------------------------

const log = $("log");

function appendLog(entry) {
  const stick = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.append(entry);
  while (log.childElementCount > LOG_LIMIT) log.firstElementChild.remove();
  if (stick) log.scrollTop = log.scrollHeight;
}

function logMessage(m) {
  const meta = el("div", { className: "meta" },
    el("time", { datetime: m.timestamp, title: m.timestamp }, clock(m.timestamp)),
    el("span", { className: "chan" }, m.channel),
    m.pattern ? el("span", { className: "tag" }, "via " + m.pattern) : null,
    m.from ? el("span", { className: "from" }, "from " + m.from) : null,
    m.offset !== undefined ? el("span", { className: "offset" }, "#" + m.offset) : null);
  let body;
  if (m.binaryPayload) {
    meta.append(el("span", { className: "tag b64" }, "base64"));
    body = el("pre", { className: "payload b64" }, base64(m.binaryPayload));
  } else {
    const pretty = prettyPayload(m.payload);
    body = el("pre", { className: pretty.json ? "payload json" : "payload" }, pretty.text);
  }
  const dataset = { channel: m.channel };
  if (m.pattern) dataset.pattern = m.pattern;
  if (m.offset !== undefined) dataset.offset = m.offset;
  appendLog(el("li", { className: "msg", dataset }, meta, body));
}

/** A line in the log; `dataset` names the event for scripts (`recovery-failed`, `refreshed`). */
function logNote(level, text, dataset) {
  appendLog(el("li", { className: "note " + level, dataset }, el("time", {}, clock()), " ", text));
}

$("clear-log").addEventListener("click", () => log.replaceChildren());

// ---- the session -------------------------------------------------------------

/*
 * One RedcastClient per Connect (a closed client stays closed), and the subscriptions the user
 * asked for, which outlive clients: every new client is given them again, each from the position
 * the last one reached, so nothing is missed between a Disconnect and the next Connect.
 */

/** key -> {channel, pattern, persist, fromWelcome, sub, position, error} */
const wanted = new Map();
const clientListeners = [];
const subscriptionListeners = [];
let client = null;
let everConnected = false;

function subscriptionKey(channel, pattern) {
  return (pattern ? "p:" : "c:") + channel;
}

function statusOf(entry) {
  if (entry.error) return "error";
  if (!entry.sub || !client || client.state === "closed") return "waiting";
  return entry.sub.state;
}

function subscriptionsChanged() {
  const list = page.subscriptions();
  renderSubscriptions(list);
  for (const fn of subscriptionListeners) fn(list);
}

/** Gives a wanted subscription to the current client. */
function attach(entry) {
  const channel = entry.channel;
  const options = { pattern: entry.pattern, persist: entry.persist };
  if (!entry.pattern && entry.position) options.since = entry.position;
  const sub = client.subscribe(channel, options, {
    subscribed: () => subscriptionsChanged(),
    recovered: (r) => {
      if (r.missed > 0) {
        logNote("info", "recovered " + r.missed + " missed message(s) on " + channel,
          { event: "recovered", channel });
      }
    },
    recoveryFailed: () => logNote("warn", "could not recover the messages missed on " + channel +
      " (the history no longer reaches back, or was reset); some may be missing",
      { event: "recovery-failed", channel }),
    error: (error) => {
      if (entry.sub === sub) {
        entry.sub = null;
        entry.error = error.message;
        subscriptionsChanged();
      }
    },
  });
  // Failures show in the list (the error event above); callers that care use page.subscribe.
  sub.ready.catch(() => {});
  entry.sub = sub;
  entry.error = null;
}

/** What chat.js builds on; the current client, and the subscriptions across clients. */
export const page = {
  /** The client of the current (or last) connection; null before the first Connect. */
  get client() {
    return client;
  },

  connected() {
    return client !== null && client.state === "connected";
  },

  /** Calls `fn` with every new client, before it connects. */
  onClient(fn) {
    clientListeners.push(fn);
  },

  /** Calls `fn` with the list whenever a subscription is added, removed or changes status. */
  onSubscriptions(fn) {
    subscriptionListeners.push(fn);
  },

  /** [{channel, pattern, status, fromWelcome, error}] */
  subscriptions() {
    return Array.from(wanted.values(), (e) => ({
      channel: e.channel,
      pattern: e.pattern,
      status: statusOf(e),
      fromWelcome: e.fromWelcome,
      error: e.error,
    }));
  },

  /**
   * Subscribes now if there is a client, else with the next Connect.
   *
   * @returns the server's `subscribed` reply (undefined while there is no client)
   */
  subscribe(channel, { pattern = false, persist = false, fromWelcome = false } = {}) {
    const key = subscriptionKey(channel, pattern);
    let entry = wanted.get(key);
    if (!entry) {
      entry = { channel, pattern, persist, fromWelcome, sub: null, position: undefined, error: null };
      wanted.set(key, entry);
    }
    entry.fromWelcome = entry.fromWelcome || fromWelcome;
    if (!entry.sub && client && client.state !== "closed") attach(entry);
    subscriptionsChanged();
    return entry.sub ? entry.sub.ready : Promise.resolve(undefined);
  },

  unsubscribe(channel, pattern = false) {
    const key = subscriptionKey(channel, pattern);
    const entry = wanted.get(key);
    if (!entry) return Promise.resolve();
    wanted.delete(key);
    subscriptionsChanged();
    return entry.sub ? entry.sub.unsubscribe() : Promise.resolve();
  },
};

// ---- connection ------------------------------------------------------------

const stateBadge = $("state");
const closeInfo = $("close-info");
let countdown = null;

function sameHostUrl() {
  return (location.protocol === "https:" ? "wss:" : "ws:") + "//" + location.host + "/ws";
}

function serverUrls() {
  const given = $("servers").value.split(/[\s,]+/).filter(Boolean);
  return given.length > 0 ? given : [sameHostUrl()];
}

function badge(state, text) {
  clearInterval(countdown);
  countdown = null;
  stateBadge.dataset.state = state;
  stateBadge.textContent = text;
}

function setActive(active) {
  $("connect").disabled = active;
  $("disconnect").disabled = !active;
  // The token stays editable: a fresh JWT typed in while connected is sent as a refresh.
  $("user").disabled = active;
  $("servers").disabled = active;
  if (!active) $("welcome").hidden = true;
}

function renderState(s) {
  if (s.state === "connecting") {
    if (s.attempt > 0) badge("reconnecting", "reconnecting…");
    else badge("connecting", "connecting…");
  } else if (s.state === "connected") {
    everConnected = true;
    badge("connected", "connected");
  } else if (s.state === "disconnected") {
    // Lost; the client tries again after delayMs.
    const retryAt = Date.now() + (s.delayMs || 0);
    badge("reconnecting", "");
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
      stateBadge.textContent = "reconnecting in " + seconds + "s";
    };
    tick();
    countdown = setInterval(tick, 1000);
  } else if (s.error && !everConnected) {
    return; // the first connection failed: connect()'s rejection says why
  } else {
    badge("disconnected", "disconnected");
  }
  if (s.closeCode !== undefined) {
    const reason = s.closeCode === 1006 ? "(no close frame: refused or connection lost)" : s.reason;
    closeInfo.textContent = "last close: " + s.closeCode + (reason ? " " + reason : "");
  }
  setActive(s.state !== "closed");
}

function renderFailure(text) {
  badge("failed", "failed: " + text);
  setActive(false);
}

/**
 * Why the first connection failed. A browser hides the HTTP status of a refused upgrade, so the
 * same credentials go to the endpoint once more over plain HTTP, where the status shows.
 */
async function explainRefusal(url, token, error) {
  try {
    const response = await fetch(url.replace(/^ws/, "http"), {
      headers: { Authorization: "Bearer " + token },
      cache: "no-store",
      credentials: "omit",
    });
    if (response.status === 401 || response.status === 403) {
      let detail = response.statusText;
      try {
        const body = await response.json();
        detail = [body.error, body.message].filter(Boolean).join(": ");
      } catch (ignored) {
        // not a JSON body: the status text will do
      }
      return "HTTP " + response.status + (detail ? " " + detail : "");
    }
  } catch (ignored) {
    // unreachable: the client's own message says as much
  }
  return error.message;
}

function listenTo(c) {
  c.on("state", (s) => {
    if (c !== client) return;
    renderState(s);
    subscriptionsChanged(); // subscription statuses follow the connection
  });
  c.on("welcome", (w) => {
    $("welcome-client").textContent = w.client;
    $("welcome-user").textContent = w.user;
    $("welcome-node").textContent = w.node;
    $("welcome-version").textContent = w.version;
    $("welcome").hidden = false;
    logNote("info", "connected as " + w.user + " (client " + w.client + " on node " + w.node + ")");
    // Channels the server subscribed the connection to become the page's own subscriptions
    // (the server confirms a repeated subscribe), so they recover and can be left like any.
    for (const channel of w.subscriptions) {
      page.subscribe(channel, { fromWelcome: true }).catch(() => {});
    }
  });
  c.on("message", logMessage);
  c.on("join", (e) => logNote("info", e.user + " joined " + e.channel));
  c.on("leave", (e) => logNote("info", e.user + " left " + e.channel));
  c.on("refreshed", (r) => logNote("info", "token refreshed" +
    (r.expiresAt ? "; valid until " + clock(r.expiresAt) : ""), { event: "refreshed" }));
  c.on("error", (e) => logNote("error", "error " + e.code + ": " + e.message,
    { event: "error", code: e.code }));
}

function connect() {
  const token = $("token").value.trim();
  const user = $("user").value.trim();
  storageSet(STORE_TOKEN, token);
  storageSet(STORE_USER, user);
  storageSet(STORE_SERVERS, $("servers").value.trim());
  if (client) client.close();
  for (const entry of wanted.values()) {
    if (entry.sub) entry.position = entry.sub.position || entry.position;
    entry.sub = null;
    entry.error = null;
  }
  const urls = serverUrls();
  let c;
  try {
    c = new RedcastClient({
      urls,
      // Read on every (re)connect and, for a JWT, before it expires: a fresh token pasted into
      // the field is sent as a refresh.
      getToken: () => $("token").value.trim(),
      user: user || undefined,
      backoff: { maxMs: 10000 },
    });
  } catch (e) {
    renderFailure(e.message); // a server URL that is not ws:// or wss://
    return;
  }
  client = c;
  everConnected = false;
  listenTo(c);
  for (const fn of clientListeners) fn(c);
  for (const entry of wanted.values()) attach(entry);
  subscriptionsChanged();
  c.connect().catch(async (error) => {
    if (error.code !== "connect_failed") return; // closed by Disconnect first
    const text = await explainRefusal(urls[0], token, error);
    if (c === client) renderFailure(text);
  });
}

$("conn-form").addEventListener("submit", (e) => {
  e.preventDefault();
  connect();
});
$("disconnect").addEventListener("click", () => {
  if (client) client.close();
});

$("token").value = storageGet(STORE_TOKEN);
$("user").value = storageGet(STORE_USER);
$("servers").value = storageGet(STORE_SERVERS);
$("servers").placeholder = sameHostUrl();

// ---- subscriptions ---------------------------------------------------------

function renderSubscriptions(subs) {
  const list = $("subscriptions");
  list.replaceChildren(...subs.map((sub) => {
    const button = el("button", {
      type: "button", className: "icon unsubscribe",
      "aria-label": "unsubscribe from " + sub.channel, title: "Unsubscribe",
    }, "×");
    button.addEventListener("click", () => {
      page.unsubscribe(sub.channel, sub.pattern).catch((err) => logNote("error", err.message));
    });
    return el("li", { dataset: { channel: sub.channel, pattern: String(sub.pattern), status: sub.status } },
      el("span", { className: "chan" }, sub.channel),
      sub.pattern ? el("span", { className: "tag" }, "pattern") : null,
      sub.fromWelcome ? el("span", { className: "tag" }, "default") : null,
      el("span", { className: "status " + sub.status, title: sub.error || "" },
        sub.status === "error" ? sub.error : sub.status),
      button);
  }));
  $("subs-empty").hidden = subs.length > 0;
}

$("sub-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const channel = $("sub-channel").value.trim();
  if (!channel) return;
  const pattern = $("sub-pattern").checked;
  page.subscribe(channel, { pattern }).catch((err) => logNote("error", "subscribe " + channel + ": " + err.message));
  $("sub-channel").value = "";
});

// ---- publish ----------------------------------------------------------------

const pubStatus = $("pub-status");

function publish() {
  const channel = $("pub-channel").value.trim();
  const payload = $("pub-payload").value;
  if (!channel) {
    pubStatus.textContent = "enter a channel first";
    return;
  }
  if (!page.connected()) {
    pubStatus.textContent = "not published: not connected";
    return;
  }
  pubStatus.textContent = "sending…";
  client.publish(channel, payload).then((reply) => {
    pubStatus.textContent = "published to " + channel +
      (reply.offset !== undefined ? " at offset " + reply.offset : "") +
      (reply.epoch !== undefined ? " (epoch " + reply.epoch + ")" : "");
    $("pub-payload").value = "";
  }, (err) => {
    pubStatus.textContent = "not published: " + err.message;
  });
}

$("pub-form").addEventListener("submit", (e) => {
  e.preventDefault();
  publish();
});
$("pub-payload").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    publish();
  }
});

renderSubscriptions([]);
// Handy in the devtools console.
window.redcastPage = page;
