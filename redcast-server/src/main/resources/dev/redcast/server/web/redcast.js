/*
 * redcast.js: a browser client for the redcast wire protocol v1 (see PROTOCOL.md).
 * No DOM code here, so the test page and a later chat page can share it.
 *
 * RedcastConnection keeps one WebSocket alive: it reconnects with exponential
 * backoff and jitter unless the user disconnected or the close code is terminal,
 * re-subscribes everything after a reconnect and asks for the messages it missed
 * (`since` with the last offset/epoch it saw). It reports through DOM-style events:
 *   state        {state, attempt, retryAt, close, failure}
 *   welcome      the welcome frame
 *   message      a message frame (also the ones recovered on resubscribe)
 *   join, leave  presence frames
 *   reply        every reply to a command (subscribed, published, pong, ...)
 *   servererror  an error frame
 *   subscriptions  the subscription list changed
 *   notice       {level: "info"|"warn"|"error", text}
 */
(function (global) {
  "use strict";

  const SUBPROTOCOL = "redcast.v1";
  const BACKOFF_BASE_MS = 500;
  const BACKOFF_CAP_MS = 10000;
  /** A connection that stayed up this long resets the backoff. */
  const STABLE_AFTER_MS = 10000;
  const REPLY_TIMEOUT_MS = 10000;

  /** Close codes after which reconnecting is pointless (PROTOCOL.md section 4). */
  function isTerminalClose(code) {
    return code === 1000 || code === 1009 || (code >= 4500 && code <= 4999);
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, capped. */
  function backoffDelay(attempt, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS) {
    const ceiling = Math.min(cap, base * Math.pow(2, Math.max(0, attempt)));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  function subscriptionKey(channel, pattern) {
    return (pattern ? "p:" : "c:") + channel;
  }

  class RedcastConnection extends EventTarget {
    /**
     * @param {object} options
     * @param {string} [options.baseUrl] ws(s)://host; defaults to the page's own host
     * @param {string} options.token shared token or JWT
     * @param {string} [options.user] user name (shared token only)
     */
    constructor(options) {
      super();
      this.baseUrl = options.baseUrl || RedcastConnection.sameHostBaseUrl();
      this.token = options.token || "";
      this.user = options.user || "";
      this.state = "disconnected";
      this.welcome = null;
      /** key -> {channel, pattern, status, fromWelcome, error} */
      this.subscriptions = new Map();
      /** channel -> {offset, epoch}: the last position seen, for recovery. */
      this.positions = new Map();
      /**
       * channel -> live messages held back while a `since` subscribe is in flight, so the
       * recovered (older) messages are shown first and none is lost to de-duplication.
       */
      this._recovering = new Map();
      this.lastClose = null;
      this.failure = null;
      this._ws = null;
      this._nextId = 1;
      this._pending = new Map();
      this._attempt = 0;
      this._retryTimer = null;
      this._pingTimer = null;
      this._openedAt = 0;
      this._userClosed = true;
      /** Bumped by connect()/disconnect() so late callbacks of an older attempt are ignored. */
      this._generation = 0;
    }

    static sameHostBaseUrl() {
      const scheme = global.location.protocol === "https:" ? "wss:" : "ws:";
      return scheme + "//" + global.location.host;
    }

    url() {
      const query = new URLSearchParams({ token: this.token });
      if (this.user) query.set("user", this.user);
      return this.baseUrl + "/ws?" + query.toString();
    }

    /** Starts connecting; keeps reconnecting until disconnect() or a terminal close. */
    connect() {
      this._generation++;
      this._userClosed = false;
      this.failure = null;
      this._attempt = 0;
      this._clearRetry();
      if (this._ws) return;
      this._open();
    }

    /** Closes for good (code 1000); subscriptions are kept for the next connect(). */
    disconnect() {
      this._generation++;
      this._userClosed = true;
      this._clearRetry();
      const ws = this._ws;
      if (ws) {
        this._detach(ws);
        ws.close(1000, "user disconnected");
        this._lost({ code: 1000, reason: "user disconnected" });
      } else {
        this._setState("disconnected");
      }
    }

    /** Sends a command with a fresh id; resolves with the reply, rejects on an error frame. */
    request(command) {
      if (!this._ws || this._ws.readyState !== WebSocket.OPEN) {
        return Promise.reject(new Error("not connected"));
      }
      const id = this._nextId++;
      const frame = Object.assign({}, command, { id });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          this._pending.delete(id);
          reject(new Error(command.type + " #" + id + ": no reply in " + REPLY_TIMEOUT_MS / 1000 + " s"));
        }, REPLY_TIMEOUT_MS);
        this._pending.set(id, { resolve, reject, timer, command: frame });
        this._ws.send(JSON.stringify(frame));
      });
    }

    /**
     * Adds a subscription; it is sent now if connected, else on the next connect.
     * Resolves with the `subscribed` reply (or undefined when queued).
     */
    subscribe(channel, pattern = false) {
      const key = subscriptionKey(channel, pattern);
      if (!this.subscriptions.has(key)) {
        this.subscriptions.set(key, { channel, pattern, status: "pending", fromWelcome: false, error: null });
        this._subscriptionsChanged();
      }
      if (this.state !== "connected") return Promise.resolve(undefined);
      return this._sendSubscribe(this.subscriptions.get(key));
    }

    unsubscribe(channel, pattern = false) {
      const key = subscriptionKey(channel, pattern);
      if (!this.subscriptions.delete(key)) return Promise.resolve(undefined);
      if (!pattern) this.positions.delete(channel);
      this._subscriptionsChanged();
      if (this.state !== "connected") return Promise.resolve(undefined);
      const command = { type: "unsubscribe", channel };
      if (pattern) command.pattern = true;
      return this.request(command);
    }

    publish(channel, payload) {
      return this.request({ type: "publish", channel, payload });
    }

    // ---- internals -------------------------------------------------------

    _open() {
      this._setState(this._attempt === 0 ? "connecting" : "reconnecting");
      let ws;
      try {
        ws = new WebSocket(this.url(), [SUBPROTOCOL]);
      } catch (e) {
        this._fail("cannot open " + this.baseUrl + ": " + e.message);
        return;
      }
      this._ws = ws;
      let opened = false;
      ws.onopen = () => {
        opened = true;
        this._openedAt = Date.now();
        if (ws.protocol !== SUBPROTOCOL) {
          // No welcome will come: the server did not agree to redcast.v1.
          this._notice("warn", "server did not agree to subprotocol " + SUBPROTOCOL);
          this._sessionStarted([]);
        }
      };
      ws.onmessage = (event) => this._onFrame(event.data);
      ws.onclose = (event) => {
        this._detach(ws);
        const close = { code: event.code, reason: event.reason || "" };
        if (!opened) {
          // The browser hides the HTTP status of a refused upgrade: ask over plain HTTP.
          this._diagnoseRefusal(close);
        } else {
          this._lost(close);
        }
      };
      // onerror is always followed by onclose, which does the work.
      ws.onerror = () => {};
    }

    _detach(ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      if (this._ws === ws) this._ws = null;
      clearInterval(this._pingTimer);
      this._pingTimer = null;
      for (const [id, pending] of this._pending) {
        clearTimeout(pending.timer);
        pending.reject(new Error(pending.command.type + " #" + id + ": connection closed"));
      }
      this._pending.clear();
      // Held-back messages are dropped with the socket: the position did not move, so the
      // next recovery asks for them again.
      this._recovering.clear();
      for (const sub of this.subscriptions.values()) {
        if (sub.status === "subscribed") sub.status = "pending";
      }
      this._subscriptionsChanged();
    }

    async _diagnoseRefusal(close) {
      const generation = this._generation;
      const httpUrl = this.url().replace(/^ws/, "http");
      try {
        const response = await fetch(httpUrl, { cache: "no-store", credentials: "omit" });
        if (response.status === 401 || response.status === 403) {
          let message = "";
          try {
            const body = await response.json();
            message = [body.error, body.message].filter(Boolean).join(": ");
          } catch (ignored) {
            message = response.statusText;
          }
          if (generation !== this._generation) return;
          this._fail("HTTP " + response.status + (message ? " " + message : ""), close);
          return;
        }
      } catch (ignored) {
        // Server unreachable: an ordinary reason to retry.
      }
      if (generation !== this._generation) return;
      this._lost(close);
    }

    _lost(close) {
      this.lastClose = close;
      if (this._openedAt && Date.now() - this._openedAt >= STABLE_AFTER_MS) this._attempt = 0;
      this._openedAt = 0;
      if (this._userClosed || this.failure) {
        this._setState(this.failure ? "failed" : "disconnected");
        return;
      }
      if (isTerminalClose(close.code)) {
        this._userClosed = true;
        this._setState("disconnected");
        return;
      }
      const delay = backoffDelay(this._attempt++);
      this._retryAt = Date.now() + delay;
      this._retryTimer = setTimeout(() => {
        this._retryTimer = null;
        this._retryAt = 0;
        this._open();
      }, delay);
      this._setState("reconnecting");
    }

    _fail(text, close) {
      this.failure = text;
      if (close) this.lastClose = close;
      this._userClosed = true;
      this._clearRetry();
      this._setState("failed");
    }

    _clearRetry() {
      clearTimeout(this._retryTimer);
      this._retryTimer = null;
      this._retryAt = 0;
    }

    _onFrame(data) {
      let frame;
      try {
        frame = JSON.parse(data);
      } catch (e) {
        this._notice("error", "unparseable frame: " + String(data).slice(0, 200));
        return;
      }
      if (frame === null || typeof frame !== "object") return;
      // A server without redcast.v1 sends bare messages without a type.
      const type = frame.type || "message";
      if (type === "welcome") {
        this.welcome = frame;
        this._emit("welcome", frame);
        this._sessionStarted(Array.isArray(frame.subscriptions) ? frame.subscriptions : []);
        return;
      }
      if (type === "message") {
        this._deliver(frame);
        return;
      }
      if (type === "join" || type === "leave") {
        this._emit(type, frame);
        return;
      }
      const pending = frame.id !== undefined ? this._pending.get(frame.id) : undefined;
      if (type === "error") {
        this._emit("servererror", frame);
        if (pending) {
          this._settle(frame.id, pending);
          const err = new Error((frame.code || "error") + ": " + (frame.message || ""));
          err.frame = frame;
          pending.reject(err);
        }
        return;
      }
      if (type === "subscribed") this._onSubscribed(frame);
      this._emit("reply", frame);
      if (pending) {
        this._settle(frame.id, pending);
        pending.resolve(frame);
      }
    }

    _settle(id, pending) {
      clearTimeout(pending.timer);
      this._pending.delete(id);
    }

    /** After welcome: mark the server's channels, then (re)subscribe the rest. */
    _sessionStarted(welcomeChannels) {
      this._setState("connected");
      for (const channel of welcomeChannels) {
        const key = subscriptionKey(channel, false);
        const sub = this.subscriptions.get(key);
        if (sub) {
          sub.fromWelcome = true;
        } else {
          this.subscriptions.set(key, { channel, pattern: false, status: "pending", fromWelcome: true, error: null });
        }
      }
      const fromServer = new Set(welcomeChannels);
      for (const sub of this.subscriptions.values()) {
        const subscribedByServer = !sub.pattern && fromServer.has(sub.channel);
        if (subscribedByServer && !this.positions.has(sub.channel)) {
          sub.status = "subscribed";
        } else {
          // Already subscribed by the server but with a position: ask again with `since`
          // so the messages missed while away are recovered.
          this._sendSubscribe(sub).catch(() => {});
        }
      }
      this._subscriptionsChanged();
      this._startPing();
    }

    _sendSubscribe(sub) {
      const command = { type: "subscribe", channel: sub.channel };
      if (sub.pattern) command.pattern = true;
      const position = sub.pattern ? undefined : this.positions.get(sub.channel);
      if (position) {
        command.since = { offset: position.offset, epoch: position.epoch };
        this._recovering.set(sub.channel, []);
      }
      sub.status = "pending";
      sub.error = null;
      this._subscriptionsChanged();
      return this.request(command).catch((err) => {
        if (position) this._releaseHeldBack(sub.channel);
        if (this.subscriptions.get(subscriptionKey(sub.channel, sub.pattern)) === sub && err.frame) {
          sub.status = "error";
          sub.error = err.message;
          this._subscriptionsChanged();
        }
        throw err;
      });
    }

    _onSubscribed(frame) {
      const channel = frame.channel;
      const sub = this.subscriptions.get(subscriptionKey(channel, !!frame.pattern));
      if (sub) {
        sub.status = "subscribed";
        sub.error = null;
        this._subscriptionsChanged();
      }
      if (frame.pattern) return;
      const pending = this._pending.get(frame.id);
      const askedSince = pending && pending.command.since;
      const heldBack = this._recovering.get(channel) || [];
      this._recovering.delete(channel);
      if (frame.recovered === true && Array.isArray(frame.messages)) {
        let shown = 0;
        for (const message of frame.messages) {
          if (this._deliver(Object.assign({ type: "message", channel }, message))) shown++;
        }
        if (shown > 0) this._notice("info", "recovered " + shown + " missed message(s) on " + channel);
      } else if (frame.recovered === false) {
        this._notice(
          "warn",
          "could not recover missed messages on " + channel + " (history no longer reaches back" +
            " or was reset); some messages may be missing"
        );
      }
      // Lost history: start over from whatever comes now.
      if (frame.recovered === false) this.positions.delete(channel);
      for (const message of heldBack) this._deliver(message);
      // After a good recovery the recovered messages already moved the position.
      if (frame.offset !== undefined && frame.epoch !== undefined &&
          (frame.recovered === false || !askedSince)) {
        const known = this.positions.get(channel);
        if (!known || known.epoch !== frame.epoch || known.offset < frame.offset) {
          this.positions.set(channel, { offset: frame.offset, epoch: frame.epoch });
        }
      }
    }

    _releaseHeldBack(channel) {
      const heldBack = this._recovering.get(channel);
      if (!heldBack) return;
      this._recovering.delete(channel);
      for (const message of heldBack) this._deliver(message);
    }

    /** Shows a message unless it is held back or a duplicate; says whether it was shown. */
    _deliver(message) {
      const heldBack = message.pattern ? undefined : this._recovering.get(message.channel);
      if (heldBack) {
        heldBack.push(message);
        return false;
      }
      if (message.offset !== undefined && !message.pattern) {
        const known = this.positions.get(message.channel);
        if (known && known.epoch === message.epoch && message.offset <= known.offset) {
          return false; // already seen: a recovery and the live stream overlapped
        }
        this.positions.set(message.channel, { offset: message.offset, epoch: message.epoch });
      }
      this._emit("message", message);
      return true;
    }

    _startPing() {
      clearInterval(this._pingTimer);
      const seconds = this.welcome && this.welcome.ping_interval > 0 ? this.welcome.ping_interval : 25;
      const ws = this._ws;
      this._pingTimer = setInterval(() => {
        this.request({ type: "ping" }).catch((err) => {
          // A silent peer: drop the socket and let the backoff reconnect.
          if (this._ws === ws && /no reply/.test(err.message)) {
            this._detach(ws);
            ws.close(4000, "no pong");
            this._lost({ code: 4000, reason: "no pong from server" });
          }
        });
      }, seconds * 1000);
    }

    _setState(state) {
      this.state = state;
      this._emit("state", {
        state,
        attempt: this._attempt,
        retryAt: this._retryAt || 0,
        close: this.lastClose,
        failure: this.failure,
      });
    }

    _subscriptionsChanged() {
      this._emit("subscriptions", Array.from(this.subscriptions.values()));
    }

    _notice(level, text) {
      this._emit("notice", { level, text });
    }

    _emit(type, detail) {
      this.dispatchEvent(new CustomEvent(type, { detail }));
    }
  }

  global.Redcast = { RedcastConnection, isTerminalClose, backoffDelay, SUBPROTOCOL };
})(window);
