/*
 * chat.js: the chat panel of the built-in page. It drives the same redcast-js client as the
 * test panels (`page` from app.js): rooms are channels, joining a room subscribes with
 * persist:true (so it is remembered for the user on any node), leaving unsubscribes (and
 * forgets). Who is in a room comes from `presence`, kept fresh by join/leave events; the room
 * list and descriptions from `channels`. Data from the wire is written with textContent only.
 */
import { el, page } from "/web/app.js";

const HISTORY_ON_JOIN = 20;
const MESSAGE_LIMIT = 500;
const $ = (id) => document.getElementById(id);

/** room name -> {name, description, subscribers} from the last `channels` reply. */
let catalog = new Map();
/** room name -> unread message count (rooms joined but not shown). */
const unread = new Map();
/** room name -> messages seen while joined, oldest first (bounded). */
const transcripts = new Map();
let activeRoom = null;
let refreshTimer = null;

function clock(timestamp) {
  const d = timestamp ? new Date(timestamp) : new Date();
  if (isNaN(d.getTime())) return "";
  return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
}

function joinedRooms() {
  return page.subscriptions().filter((sub) => !sub.pattern).map((sub) => sub.channel);
}

function connected() {
  return page.connected();
}

// ---- room list -------------------------------------------------------------

function renderRooms() {
  const joined = new Set(joinedRooms());
  const names = [...catalog.keys()];
  for (const room of joined) if (!catalog.has(room)) names.push(room);
  $("chat-channels").replaceChildren(...names.map((name) => {
    const info = catalog.get(name) || { name, description: "", subscribers: undefined };
    const count = unread.get(name) || 0;
    const li = el("li", {
      className: (joined.has(name) ? "joined" : "") + (name === activeRoom ? " active" : ""),
      dataset: { channel: name, joined: String(joined.has(name)) },
      title: joined.has(name) ? "show " + name : "join " + name,
    },
      el("span", { className: "room-name" }, name),
      info.subscribers !== undefined ? el("span", { className: "room-count" }, "(" + info.subscribers + ")") : null,
      count > 0 ? el("span", { className: "unread" }, count + " new") : null,
      info.description ? el("span", { className: "room-desc" }, info.description) : null);
    li.addEventListener("click", () => openRoom(name));
    return li;
  }));
}

function refreshRooms() {
  if (!connected()) return;
  page.client.channels().then((channels) => {
    catalog = new Map(channels.map((c) => [c.name, c]));
    renderRooms();
  }, () => {});
}

/** Coalesces the many triggers (join, leave, subscribe) into one refresh. */
function refreshSoon() {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    refreshRooms();
    refreshOnline();
  }, 200);
}

// ---- the open room -----------------------------------------------------------

function renderRoomHead() {
  $("chat-room-title").textContent = activeRoom ? activeRoom : "No room";
  $("chat-leave").disabled = !activeRoom || !connected();
  $("chat-input").disabled = !activeRoom || !connected();
}

function entryNode(entry) {
  if (entry.note) {
    return el("li", { className: "chat-note", dataset: { channel: entry.channel } },
      el("time", {}, clock(entry.timestamp)), entry.note);
  }
  const text = entry.payload !== undefined ? entry.payload : "(binary message)";
  return el("li", {
    className: "chat-msg" + (entry.history ? " history" : ""),
    dataset: { channel: entry.channel, from: entry.from || "" },
  },
    el("time", { datetime: entry.timestamp }, clock(entry.timestamp)),
    el("span", { className: "chat-from" }, entry.from || "(server)"),
    el("span", { className: "text" }, text));
}

function renderMessages() {
  const list = $("chat-messages");
  const entries = activeRoom ? transcripts.get(activeRoom) || [] : [];
  list.replaceChildren(...entries.map(entryNode));
  list.scrollTop = list.scrollHeight;
}

function remember(channel, entry) {
  let t = transcripts.get(channel);
  if (!t) {
    t = [];
    transcripts.set(channel, t);
  }
  t.push(entry);
  if (t.length > MESSAGE_LIMIT) t.splice(0, t.length - MESSAGE_LIMIT);
  if (channel === activeRoom) {
    const list = $("chat-messages");
    const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(entryNode(entry));
    while (list.childElementCount > MESSAGE_LIMIT) list.firstElementChild.remove();
    if (stick) list.scrollTop = list.scrollHeight;
  } else if (!entry.note) {
    unread.set(channel, (unread.get(channel) || 0) + 1);
    renderRooms();
  }
}

function renderOnline(users) {
  $("chat-online").replaceChildren(...users.map((u) =>
    el("li", { dataset: { user: u.user } },
      el("span", {}, u.user),
      u.connections > 1 ? el("span", { className: "conns" }, "×" + u.connections) : null)));
}

function refreshOnline() {
  if (!activeRoom || !connected()) {
    renderOnline([]);
    return;
  }
  const room = activeRoom;
  page.client.presence(room).then((presence) => {
    if (room === activeRoom) renderOnline(presence.users);
  }, () => {});
}

/** Recent messages of a room, shown before anything live that arrived meanwhile. */
function loadHistory(room) {
  if (!connected()) return;
  page.client.history(room, { limit: HISTORY_ON_JOIN }).then((reply) => {
    const old = reply.messages.map((m) => ({
      channel: room, from: m.from, payload: m.payload, timestamp: m.timestamp, history: true,
    }));
    if (old.length === 0) return;
    const live = transcripts.get(room) || [];
    transcripts.set(room, old.concat(live.filter((e) => !e.history)));
    if (room === activeRoom) renderMessages();
  }, () => {
    // The room keeps no history (or the server has none yet): nothing to show.
  });
}

/** Shows a room, joining it first when needed. */
function openRoom(name) {
  if (!name) return;
  activeRoom = name;
  unread.delete(name);
  const joined = joinedRooms().includes(name);
  if (!joined) {
    page.subscribe(name, { persist: true }).then(() => {
      loadHistory(name);
      refreshSoon();
    }, (err) => remember(name, { channel: name, note: "could not join: " + err.message }));
  } else if (!transcripts.has(name)) {
    loadHistory(name);
  }
  renderRoomHead();
  renderRooms();
  renderMessages();
  refreshOnline();
}

function leaveRoom() {
  const room = activeRoom;
  if (!room) return;
  page.unsubscribe(room, false).then(() => refreshSoon(), () => {});
  transcripts.delete(room);
  const rest = joinedRooms().filter((r) => r !== room);
  activeRoom = rest.length > 0 ? rest[0] : null;
  renderRoomHead();
  renderRooms();
  renderMessages();
  refreshOnline();
}

function send() {
  const input = $("chat-input");
  const text = input.value;
  if (!activeRoom || text.trim() === "") return;
  const room = activeRoom;
  if (!connected()) return;
  page.client.publish(room, text).then(() => {
    if (input.value === text) input.value = "";
  }, (err) => remember(room, { channel: room, note: "not sent: " + err.message }));
}

// ---- wiring --------------------------------------------------------------------

page.onClient((client) => {
  client.on("welcome", onWelcome);
  client.on("state", () => {
    renderRoomHead();
    if (!connected()) renderOnline([]);
  });
  client.on("message", onMessage);
  for (const kind of ["join", "leave"]) {
    client.on(kind, (event) => {
      remember(event.channel, {
        channel: event.channel,
        note: event.user + (kind === "join" ? " joined" : " left"),
        timestamp: new Date().toISOString(),
      });
      refreshSoon();
    });
  }
});

page.onSubscriptions(() => renderRooms());

function onWelcome(welcome) {
  const subs = welcome.subscriptions;
  for (const room of subs) if (!transcripts.has(room)) loadHistory(room);
  if (!activeRoom || !subs.includes(activeRoom) && !joinedRooms().includes(activeRoom)) {
    activeRoom = subs.length > 0 ? subs[0] : null;
  }
  renderRoomHead();
  renderMessages();
  // After the subscriptions the page re-sends have settled.
  setTimeout(refreshSoon, 0);
}

function onMessage(m) {
  if (m.pattern) return;
  remember(m.channel, {
    channel: m.channel, from: m.from, timestamp: m.timestamp, payload: m.payload,
  });
}

$("chat-join-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const name = $("chat-room-name").value.trim();
  if (!name) return;
  $("chat-room-name").value = "";
  openRoom(name);
});
$("chat-leave").addEventListener("click", leaveRoom);
$("chat-send-form").addEventListener("submit", (e) => {
  e.preventDefault();
  send();
});
$("chat-input").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    send();
  }
});

renderRoomHead();
renderRooms();
