/**
 * GET /dashboard: one self-contained page (inline CSS and JS, no build step, nothing from a CDN).
 * The admin token is typed into a login box (no <form>: nothing can ever submit it in a URL),
 * kept in sessionStorage (gone with the tab; never in a URL or a cookie), and sent as a bearer
 * header to /admin/overview, polled every POLL_MS. The DOM is built with textContent only: node
 * names and event fields are data, never markup. Stable hooks for tests: data-testid="masters",
 * "replicas", "slots-assigned", rows with data-node / data-role / data-health, events with data-event.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Redis Cluster on Durable Objects</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#0f1419;color:#d8dee9}
header{display:flex;gap:1.5em;align-items:baseline;padding:.8em 1.2em;background:#1b222c;flex-wrap:wrap}
h1{font-size:1.1em;margin:0 1em 0 0}h2{font-size:1em;margin:1.2em 0 .4em}
main{padding:0 1.2em 1.2em}.stat b{font-size:1.3em;color:#fff}.muted{color:#8a94a6}
#login{max-width:22em;margin:5em auto;padding:1.5em;background:#1b222c;border-radius:8px}
input{width:100%;box-sizing:border-box;padding:.5em;margin:.5em 0;background:#0f1419;color:#fff;border:1px solid #3b4252;border-radius:4px}
button{padding:.45em 1em;background:#5e81ac;color:#fff;border:0;border-radius:4px;cursor:pointer}
.err{color:#bf616a}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #2e3440;white-space:nowrap}
th{color:#8a94a6;font-weight:normal}
tr[data-health=fail] td,tr[data-health=unreachable] td{color:#bf616a}tr[data-health=pfail] td{color:#ebcb8b}
.role-master{font-weight:bold}.swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.4em;vertical-align:middle}
#slot-bar{position:relative;display:flex;height:28px;background:#2e3440;border-radius:4px;overflow:hidden}
#slot-bar .run{height:100%}#slot-bar .mig{position:absolute;top:0;height:100%;min-width:3px;background:repeating-linear-gradient(45deg,#fff 0 3px,transparent 3px 7px);opacity:.8}
.axis{display:flex;justify-content:space-between;font-size:.8em;color:#8a94a6}
#events{list-style:none;padding:0;margin:0;font-family:ui-monospace,monospace;font-size:.85em}
#events li{padding:.15em 0;border-bottom:1px solid #1b222c}#events .ev{color:#88c0d0}
#events li[data-event=fail] .ev,#events li[data-event=promotion] .ev,#events li[data-event=demotion] .ev{color:#ebcb8b}
</style></head>
<body>
<div id="login" data-testid="login" hidden>
  <h1>Cluster dashboard</h1>
  <label for="token">Admin token</label>
  <input id="token" type="password" autocomplete="current-password" data-testid="token">
  <button id="login-button" data-testid="login-button">Log in</button>
  <p id="login-error" class="err" role="alert"></p>
</div>
<div id="app" hidden>
<header>
  <h1>Redis Cluster</h1>
  <span class="stat">masters <b data-testid="masters" id="masters">-</b></span>
  <span class="stat">replicas <b data-testid="replicas" id="replicas">-</b></span>
  <span class="stat">slots assigned <b data-testid="slots-assigned" id="slots-assigned">-</b></span>
  <span class="stat">failing <b data-testid="failing" id="failing">-</b></span>
  <span class="muted" id="updated" data-testid="updated"></span>
  <button id="logout">Log out</button>
</header>
<main>
  <h2>Slots <span class="muted" id="migrations-note"></span></h2>
  <div id="slot-bar" data-testid="slot-bar"></div><div class="axis"><span>0</span><span>8192</span><span>16383</span></div>
  <div id="legend" class="muted"></div>
  <h2>Nodes</h2>
  <table><thead><tr><th>node</th><th>id</th><th>role</th><th>master</th><th>epoch config/current</th><th>flags</th><th>health</th>
  <th>link</th><th>slots</th><th>repl offset</th><th>lag</th><th>ops/s</th></tr></thead><tbody id="nodes" data-testid="nodes"></tbody></table>
  <h2>Migrations</h2><div id="migrations" data-testid="migrations" class="muted"></div>
  <h2>Events</h2><ul id="events" data-testid="events"></ul>
</main>
</div>
<script>
"use strict";
const KEY = "dashboard-admin-token", POLL_MS = 1000, SLOTS = 16384, EVENTS_SHOWN = 25;
const $ = (id) => document.getElementById(id);
let timer = null;

function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  return e;
}
// A node's colour: its rank among all nodes (sorted by name) times the golden angle, so
// neighbours differ most and a failover changes no colour (membership stays the same).
const hues = new Map();
function colorOf(name) {
  return "hsl(" + (hues.get(name) ?? 0) + ",60%,55%)";
}
function showLogin(message) {
  clearTimeout(timer);
  $("app").hidden = true;
  $("login").hidden = false;
  $("login-error").textContent = message || "";
  $("token").focus();
}
function login() {
  const t = $("token").value.trim();
  if (!t) return;
  sessionStorage.setItem(KEY, t);
  $("token").value = "";
  start();
}
function start() {
  $("login").hidden = true;
  $("app").hidden = false;
  poll();
}
async function poll() {
  clearTimeout(timer);
  const token = sessionStorage.getItem(KEY);
  if (!token) return showLogin();
  try {
    const res = await fetch("/admin/overview", { headers: { Authorization: "Bearer " + token }, cache: "no-store" });
    if (res.status === 401 || res.status === 403) {
      sessionStorage.removeItem(KEY);
      return showLogin("That token was refused (the admin token is needed).");
    }
    if (!res.ok) throw new Error("HTTP " + res.status);
    render(await res.json());
  } catch (e) {
    $("updated").textContent = "update failed: " + (e && e.message ? e.message : e);
  }
  timer = setTimeout(poll, POLL_MS);
}
function render(o) {
  o.nodes.forEach((n, i) => hues.set(n.name, Math.round((i * 137.508) % 360)));
  $("masters").textContent = o.counts.masters;
  $("replicas").textContent = o.counts.replicas;
  $("slots-assigned").textContent = o.counts.slotsAssigned;
  $("failing").textContent = o.counts.failing;
  $("updated").textContent = "updated " + new Date(o.ts).toLocaleTimeString();
  renderSlots(o);
  renderNodes(o.nodes);
  renderEvents(o.events);
}
function renderSlots(o) {
  const bar = $("slot-bar");
  bar.replaceChildren();
  let at = 0;
  const gap = (n) => { if (n > 0) bar.append(el("div", null, { class: "run", style: "flex:" + n })); };
  for (const [s, e, owner] of o.slots) {
    gap(s - at);
    const run = el("div", null, { class: "run", "data-owner": owner, title: owner + ": " + s + "-" + e, style: "flex:" + (e - s + 1) + ";background:" + colorOf(owner) });
    bar.append(run);
    at = e + 1;
  }
  gap(SLOTS - at);
  for (const m of o.migrations) {
    for (const r of m.slots.split(" ").filter(Boolean)) {
      const [a, b] = r.split("-").map(Number);
      const end = b === undefined ? a : b;
      bar.append(el("div", null, { class: "mig", "data-migration": m.kind, title: m.source + " -> " + m.target + " " + r,
        style: "left:" + (a / SLOTS * 100) + "%;width:" + ((end - a + 1) / SLOTS * 100) + "%" }));
    }
  }
  const legend = $("legend");
  legend.replaceChildren();
  for (const name of [...new Set(o.slots.map((r) => r[2]))]) {
    const span = el("span", null, { style: "margin-right:1em" });
    span.append(el("span", null, { class: "swatch", style: "background:" + colorOf(name) }), name);
    legend.append(span);
  }
  const migs = $("migrations");
  migs.replaceChildren();
  if (o.migrations.length === 0) migs.textContent = "none in progress";
  for (const m of o.migrations) migs.append(el("div", m.kind + " " + m.source + " -> " + m.target + ": " + m.slots + " (" + m.state + ")", { "data-migration": m.kind }));
  $("migrations-note").textContent = o.migrations.length ? "(" + o.migrations.length + " migration(s) in progress, striped)" : "";
}
function renderNodes(nodes) {
  const body = $("nodes");
  body.replaceChildren();
  for (const n of nodes) {
    const tr = el("tr", null, { "data-node": n.name, "data-role": n.role, "data-health": n.health, "data-id": n.id });
    const name = el("td");
    if (n.role === "master" && n.slots > 0) name.append(el("span", null, { class: "swatch", style: "background:" + colorOf(n.name) }));
    name.append(n.name);
    const cells = [n.id.slice(0, 8), n.role, n.masterName || "", n.configEpoch + " / " + (n.currentEpoch === null ? "?" : n.currentEpoch),
      n.flags.join(","), n.health + (n.error ? " (" + n.error + ")" : ""), n.link, n.slots || "", n.replOffset === null ? "" : n.replOffset,
      n.lagBytes === null ? "" : n.lagBytes + " B", n.opsPerSec === null ? "" : n.opsPerSec];
    tr.append(name, ...cells.map((c, i) => el("td", c, i === 1 ? { class: "role-" + n.role } : {})));
    body.append(tr);
  }
}
function renderEvents(events) {
  const list = $("events");
  list.replaceChildren();
  const skip = new Set(["event", "node", "nodeId", "ts", "seq", "epoch", "configEpoch", "targetId", "fromId", "toId", "masterId", "formerMasterId"]);
  for (const e of events.slice(0, EVENTS_SHOWN)) {
    const li = el("li", null, { "data-event": e.event, "data-node": e.node });
    const details = Object.entries(e).filter(([k]) => !skip.has(k)).map(([k, v]) => k + "=" + (typeof v === "object" ? JSON.stringify(v) : v)).join(" ");
    li.append(el("span", new Date(e.ts).toLocaleTimeString() + " ", { class: "muted" }), e.node + " ", el("span", e.event, { class: "ev" }),
      " epoch " + e.epoch + " " + details);
    list.append(li);
  }
}
$("login-button").addEventListener("click", login);
$("token").addEventListener("keydown", (e) => { if (e.key === "Enter") login(); });
$("logout").addEventListener("click", () => { sessionStorage.removeItem(KEY); showLogin(); });
if (sessionStorage.getItem(KEY)) start(); else showLogin();
</script>
</body></html>
`;
