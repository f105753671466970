/*
 * app.js: the DOM side of the built-in test page. All protocol work lives in
 * redcast.js (RedcastConnection); this file only renders its events and turns
 * form input into calls. Data from the wire is written with textContent only.
 */
(function () {
  "use strict";

  const LOG_LIMIT = 500;
  const STORE_TOKEN = "redcast.token";
  const STORE_USER = "redcast.user";

  const $ = (id) => document.getElementById(id);

  /** Creates an element; string children become text nodes (never parsed as HTML). */
  function el(tag, attrs, ...children) {
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
    if (typeof m.payload_b64 === "string") {
      meta.append(el("span", { className: "tag b64" }, "base64"));
      body = el("pre", { className: "payload b64" }, m.payload_b64);
    } else {
      const pretty = prettyPayload(typeof m.payload === "string" ? m.payload : JSON.stringify(m.payload));
      body = el("pre", { className: pretty.json ? "payload json" : "payload" }, pretty.text);
    }
    const dataset = { channel: m.channel };
    if (m.pattern) dataset.pattern = m.pattern;
    if (m.offset !== undefined) dataset.offset = m.offset;
    appendLog(el("li", { className: "msg", dataset }, meta, body));
  }

  function logNote(level, text) {
    appendLog(el("li", { className: "note " + level },
      el("time", {}, clock()), " ", text));
  }

  $("clear-log").addEventListener("click", () => log.replaceChildren());

  // ---- connection ------------------------------------------------------------

  const conn = new Redcast.RedcastConnection({ token: "", user: "" });
  const stateBadge = $("state");
  const closeInfo = $("close-info");
  let countdown = null;

  function renderState(detail) {
    clearInterval(countdown);
    countdown = null;
    stateBadge.dataset.state = detail.state;
    if (detail.state === "reconnecting" && detail.retryAt) {
      const tick = () => {
        const seconds = Math.max(0, Math.ceil((detail.retryAt - Date.now()) / 1000));
        stateBadge.textContent = "reconnecting in " + seconds + "s";
      };
      tick();
      countdown = setInterval(tick, 1000);
    } else if (detail.state === "reconnecting") {
      stateBadge.textContent = "reconnecting…";
    } else if (detail.state === "failed") {
      stateBadge.textContent = "failed: " + detail.failure;
    } else {
      stateBadge.textContent = detail.state;
    }
    if (detail.close) {
      const reason = detail.close.reason ||
        (detail.close.code === 1006 ? "(no close frame: refused or connection lost)" : "");
      closeInfo.textContent = "last close: " + detail.close.code + (reason ? " " + reason : "");
    }
    const active = detail.state !== "disconnected" && detail.state !== "failed";
    $("connect").disabled = active;
    $("disconnect").disabled = !active;
    $("token").disabled = active;
    $("user").disabled = active;
    if (!active) $("welcome").hidden = true;
  }

  conn.addEventListener("state", (e) => renderState(e.detail));

  conn.addEventListener("welcome", (e) => {
    const w = e.detail;
    $("welcome-client").textContent = w.client || "";
    $("welcome-user").textContent = w.user || "";
    $("welcome-node").textContent = w.node || "";
    $("welcome-version").textContent = w.version || "";
    $("welcome").hidden = false;
    logNote("info", "connected as " + w.user + " (client " + w.client + " on node " + w.node + ")");
  });

  conn.addEventListener("message", (e) => logMessage(e.detail));
  conn.addEventListener("join", (e) => logNote("info", e.detail.user + " joined " + e.detail.channel));
  conn.addEventListener("leave", (e) => logNote("info", e.detail.user + " left " + e.detail.channel));
  conn.addEventListener("notice", (e) => logNote(e.detail.level, e.detail.text));
  conn.addEventListener("servererror", (e) => {
    const f = e.detail;
    logNote("error", "error" + (f.id !== undefined ? " #" + f.id : "") + ": " + f.code +
      (f.message ? " " + f.message : ""));
  });

  $("conn-form").addEventListener("submit", (e) => {
    e.preventDefault();
    conn.token = $("token").value.trim();
    conn.user = $("user").value.trim();
    storageSet(STORE_TOKEN, conn.token);
    storageSet(STORE_USER, conn.user);
    conn.connect();
  });
  $("disconnect").addEventListener("click", () => conn.disconnect());

  $("token").value = storageGet(STORE_TOKEN);
  $("user").value = storageGet(STORE_USER);

  // ---- subscriptions ---------------------------------------------------------

  function renderSubscriptions(subs) {
    const list = $("subscriptions");
    list.replaceChildren(...subs.map((sub) => {
      const button = el("button", {
        type: "button", className: "icon unsubscribe",
        "aria-label": "unsubscribe from " + sub.channel, title: "Unsubscribe",
      }, "×");
      button.addEventListener("click", () => {
        conn.unsubscribe(sub.channel, sub.pattern).catch((err) => logNote("error", err.message));
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

  conn.addEventListener("subscriptions", (e) => renderSubscriptions(e.detail));

  $("sub-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const channel = $("sub-channel").value.trim();
    if (!channel) return;
    const pattern = $("sub-pattern").checked;
    conn.subscribe(channel, pattern).catch((err) => logNote("error", "subscribe " + channel + ": " + err.message));
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
    pubStatus.textContent = "sending…";
    conn.publish(channel, payload).then((reply) => {
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
  // The chat panel (chat.js) drives the same connection and builds its DOM the same way.
  window.redcastPage = { conn, el }; // conn is handy in the devtools console too
})();
