"use strict";
/* Peyvand's page. The payload holds every entity of the page; the page draws the opening set (kg.view.data) and
   reaches the rest by search, type / article / date filters, "show neighbours" and "show all", and always says
   what is hidden. Data travels as JSON (JSON.parse is far faster than a script literal for thousands of nodes;
   |tojson escapes < > & ' so no text can close the script element). Article text reaches the DOM only through
   textContent, never innerHTML. */
var PAYLOAD = JSON.parse(document.getElementById("peyvand-data").textContent);
var DATA = PAYLOAD.data, OPTIONS = PAYLOAD.options;
window.__peyvand = { ready: false, started: performance.now() };

var FSI = "\u2068", PDI = "\u2069";
var container = document.getElementById("mynetwork");
var byId = new Map(DATA.nodes.map(function (n) { return [n.id, n]; }));
var visNode = new Map(PAYLOAD.nodes.map(function (n) { return [n.id, n]; }));
var edgeById = new Map(DATA.edges.map(function (e, i) { return ["e" + i, e]; }));
var adjacent = new Map();
DATA.edges.forEach(function (e, i) {
  [e.from, e.to].forEach(function (v) {
    if (!adjacent.has(v)) adjacent.set(v, []);
    adjacent.get(v).push(i);
  });
});
var ALL_TYPES = Array.from(new Set(DATA.nodes.map(function (n) { return n.type; })));
var state = {
  shown: new Set(), types: new Set(ALL_TYPES), mode: "opening", detail: "", added: 0, zoomedIn: false,
  offsets: new Map(), extents: new Map()
};

/* ---- positions: each connected part has its own layout; the parts shown are packed in rows (as kg.view.positions.pack) */
var EM = 0.5, GAP = 60;
function box(n) {
  var chars = Math.min(n.name.length, 40);
  return [Math.max(chars * n.font * EM, 2 * n.size), 2 * n.size + 1.3 * n.font, 0.65 * n.font];
}
function extentsOf(ids) {
  var ext = new Map();
  ids.forEach(function (id) {
    var n = byId.get(id), b = box(n);
    var e = ext.get(n.part) || [Infinity, Infinity, -Infinity, -Infinity];
    e[0] = Math.min(e[0], n.x - b[0] / 2); e[2] = Math.max(e[2], n.x + b[0] / 2);
    e[1] = Math.min(e[1], n.y + b[2] - b[1] / 2); e[3] = Math.max(e[3], n.y + b[2] + b[1] / 2);
    ext.set(n.part, e);
  });
  return ext;
}
function pack(ids) {
  var ext = extentsOf(ids);
  var parts = Array.from(ext.keys()).sort(function (a, b) { return a - b; });
  var area = 0, widest = 0;
  parts.forEach(function (p) {
    var e = ext.get(p), w = e[2] - e[0] + GAP, h = e[3] - e[1] + GAP;
    area += w * h; widest = Math.max(widest, w);
  });
  var aspect = container.clientWidth / Math.max(1, container.clientHeight) || 1.6;  /* rows as wide as the screen */
  var width = Math.max(widest, Math.sqrt(area * aspect));
  var x = 0, y = 0, row = 0;
  state.offsets = new Map();
  parts.forEach(function (p) {
    var e = ext.get(p), w = e[2] - e[0] + GAP, h = e[3] - e[1] + GAP;
    if (x > 0 && x + w > width) { x = 0; y += row; row = 0; }
    state.offsets.set(p, [x - e[0], y - e[1]]);
    x += w; row = Math.max(row, h);
  });
  state.extents = ext;
}
function fitsPacking(ids) {  /* new nodes stay inside the boxes their parts were packed with */
  var ext = extentsOf(ids);
  for (var [p, e] of ext) {
    var old = state.extents.get(p);
    if (!old || e[0] < old[0] - 1 || e[1] < old[1] - 1 || e[2] > old[2] + 1 || e[3] > old[3] + 1) return false;
  }
  return true;
}
function placed(id) {
  var v = Object.assign({}, visNode.get(id)), n = byId.get(id), o = state.offsets.get(n.part) || [0, 0];
  v.x = n.x + o[0]; v.y = n.y + o[1];
  return v;
}

/* ---- what is drawn: the entities shown, less the types switched off */
function visibleIds() {
  return Array.from(state.shown).filter(function (id) { return state.types.has(byId.get(id).type); })
    .sort(function (a, b) { return a - b; });
}
var nodes = new vis.DataSet([]);
var edges = new vis.DataSet([]);
function render(repack) {
  var ids = visibleIds(), want = new Set(ids);
  var moved = repack || !fitsPacking(ids);
  if (moved) pack(ids);
  var have = new Set(nodes.getIds());
  nodes.remove(Array.from(have).filter(function (id) { return !want.has(id); }));
  if (moved) nodes.update(ids.filter(function (id) { return have.has(id); }).map(placed));
  nodes.add(ids.filter(function (id) { return !have.has(id); }).map(placed));
  var wantEdges = [];
  DATA.edges.forEach(function (e, i) { if (want.has(e.from) && want.has(e.to)) wantEdges.push(i); });
  var wantEdgeIds = new Set(wantEdges.map(function (i) { return "e" + i; }));
  var haveEdges = new Set(edges.getIds());
  edges.remove(Array.from(haveEdges).filter(function (id) { return !wantEdgeIds.has(id); }));
  edges.add(wantEdges.filter(function (i) { return !haveEdges.has("e" + i); })
    .map(function (i) { return PAYLOAD.edges[i]; }));
  updateStatus(ids.length, wantEdges.length);
  return moved;
}

/* ---- the status line: what is shown, what is hidden, and how to see it */
function fmt(x) { return Number(x).toLocaleString("en-US"); }
function updateStatus(nShown, nEdges) {
  var total = DATA.nodes.length, hiddenByType = state.shown.size - nShown;
  var what = {
    opening: DATA.opening.text,
    article: "the entities of one article: " + FSI + state.detail + PDI,
    dates: "the entities of articles dated " + state.detail,
    all: "every entity of this page",
    only: "«" + FSI + state.detail + PDI + "» and its neighbours"
  }[state.mode] || state.mode;
  var text = "Showing " + fmt(nShown) + " of " + fmt(total) + " entities (" + fmt(nEdges) + " of " +
    fmt(DATA.edges.length) + " facts): " + what + (state.added ? ", +" + fmt(state.added) + " added" : "") + ".";
  if (state.zoomedIn) text += " Zoomed in on the most central: zoom out for the rest.";
  var hidden = total - nShown;
  if (hidden > 0) {
    text += " Hidden: " + fmt(hidden) + (hiddenByType > 0 ? " (" + fmt(hiddenByType) + " by type)" : "") +
      " — search, pick an article or dates, double-click an entity for its neighbours, or Show all.";
  }
  if (!DATA.physics) text += " Zoom in for more labels.";
  document.getElementById("status").textContent = text;  /* English; every name in it is isolated */
}

/* ---- text */
var RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
/* Same rule as kg.analyze.bidi.isolate_runs: Latin/digit runs inside Persian get LRI…PDI so dates keep their order. */
var LTR_RUN = /[A-Za-z0-9\u06f0-\u06f9\u0660-\u0669](?:[A-Za-z0-9\u06f0-\u06f9\u0660-\u0669\-\/:._,+ ]*[A-Za-z0-9\u06f0-\u06f9\u0660-\u0669])?/g;
function bidi(t) {
  t = String(t);
  return RTL.test(t) ? t.replace(LTR_RUN, function (m) { return "\u2066" + m + "\u2069"; }) : t;
}
function el(tag, text, cls) {
  var e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = bidi(text);
  if (cls) e.className = cls;
  e.dir = "auto";
  return e;
}
function list(items) {
  var ul = el("ul");
  items.forEach(function (t) { ul.appendChild(el("li", t)); });
  return ul;
}
/* A fact in words, from its source to its target (kinds.tsv): direction is said, never drawn as an arrow. */
function sentence(kind, e, lang) {
  var k = DATA.kinds[kind] || {};
  var tpl = (lang === "en" ? k.sentence_en : k.sentence_fa) || ("{s} " + kind + " {o}");
  return tpl.replace("{s}", FSI + byId.get(e.from).name + PDI).replace("{o}", FSI + byId.get(e.to).name + PDI);
}
function article(i) {
  var a = DATA.articles[i];
  return (a.date ? a.date + " · " : "") + a.headline;
}

/* ---- tooltips: built from data with textContent only */
var tip = document.getElementById("tip");
function nodeTip(n) {
  var box = document.createDocumentFragment();
  box.appendChild(el("div", n.name, "name"));
  var meta = n.info.type + (n.info.honorifics.length ? " · " + n.info.honorifics.join("، ") : "");
  box.appendChild(el("div", meta + " · " + n.info.articles + " خبر (articles)", "muted"));
  if (n.info.alt.length) box.appendChild(el("div", n.info.alt.slice(0, 8).join(" · "), "muted"));
  var facts = [];
  (adjacent.get(n.id) || []).forEach(function (i) {
    var e = DATA.edges[i];
    e.kinds.forEach(function (k) { facts.push(sentence(k, e, "fa")); });
  });
  if (facts.length > 12) facts = facts.slice(0, 12).concat(["… و " + (facts.length - 12) + " واقعیت دیگر"]);
  if (facts.length) box.appendChild(list(facts));
  n.info.quotes.forEach(function (q) { box.appendChild(el("blockquote", q)); });
  if (n.arts.length) {
    box.appendChild(el("div", "خبرها (articles):", "muted"));
    box.appendChild(list(n.arts.slice(0, 3).map(article).concat(
      n.arts.length > 3 ? ["… +" + (n.arts.length - 3)] : [])));
    box.lastChild.className = "muted";
  }
  return box;
}
function edgeTip(e) {
  var box = document.createDocumentFragment();
  e.kinds.forEach(function (k) { box.appendChild(el("div", sentence(k, e, "fa"), "name")); });
  box.appendChild(el("div", e.kinds.map(function (k) { return sentence(k, e, "en"); }).join("; ") +
    " · " + e.weight + " article(s)", "muted"));
  e.evidence.forEach(function (ev) {
    var q = el("blockquote", ev.text);
    var k = DATA.kinds[ev.kind] || {};
    q.insertBefore(el("span", "[" + (k.fa || ev.kind) + "] ", "muted"), q.firstChild);
    if (ev.confidence !== null && ev.confidence !== undefined) q.appendChild(el("span", " (" + ev.confidence + ")", "muted"));
    box.appendChild(q);
  });
  return box;
}
function showTip(content, pointer) {
  tip.replaceChildren(content);
  tip.style.display = "block";
  var x = pointer.x + 14, y = pointer.y + 14;
  var w = container.clientWidth, h = container.clientHeight;
  if (x + tip.offsetWidth > w) x = Math.max(0, pointer.x - tip.offsetWidth - 14);
  if (y + tip.offsetHeight > h) y = Math.max(0, pointer.y - tip.offsetHeight - 14);
  tip.style.left = x + "px";
  tip.style.top = y + "px";
}
function hideTip() { tip.style.display = "none"; }

/* ---- showing more */
function neighbours(id) {
  var out = [];
  (adjacent.get(id) || []).forEach(function (i) {
    var e = DATA.edges[i];
    out.push(e.from === id ? e.to : e.from);
  });
  return out;
}
function add(ids) {
  var before = state.shown.size;
  ids.forEach(function (id) {
    state.shown.add(id);
    state.types.add(byId.get(id).type);
  });
  syncTypeBoxes();
  state.added += state.shown.size - before;
}
function showNeighbours(id) {
  add([id].concat(neighbours(id)));
  render(false);
  showPanel(id);
}
function only(id) {
  state.shown = new Set([id].concat(neighbours(id)));
  state.mode = "only"; state.added = 0;
  state.detail = byId.get(id).name;
  render(true);
  fitView();
  network.selectNodes([id]);
}
/* Fit what is shown, but never below the scale at which the most central labels read (12 px): beyond that,
   centre on the most central entity shown and say that zooming out shows the rest. */
var MIN_SCALE = 0.3;
function fitView() {
  network.fit({ animation: false });
  /* keep the drawing clear of the legend on the right: shrink to the width left of it and shift left */
  var legendWidth = document.getElementById("legend").offsetWidth + 16, width = container.clientWidth;
  if (legendWidth < width / 2) {
    var s = network.getScale() * (width - legendWidth) / width, c = network.getViewPosition();
    network.moveTo({ position: { x: c.x + legendWidth / 2 / s, y: c.y }, scale: s, animation: false });
  }
  var ids = visibleIds();
  state.zoomedIn = !DATA.physics && ids.length > 0 && network.getScale() < MIN_SCALE;
  if (state.zoomedIn) {
    var top = ids.reduce(function (a, b) { return byId.get(a).rank <= byId.get(b).rank ? a : b; });
    network.moveTo({ position: network.getPositions([top])[top], scale: MIN_SCALE, animation: false });
  }
  updateStatus(nodes.length, edges.length);
}
function show(mode, ids, detail) {
  state.shown = new Set(ids);
  state.mode = mode; state.detail = detail || ""; state.added = 0;
  hidePanel();
  hideTip();
  render(true);
  fitView();
}
function openingIds() { return DATA.nodes.filter(function (n) { return n.open; }).map(function (n) { return n.id; }); }

/* ---- the selection panel */
var panel = document.getElementById("panel");
function button(text, action) {
  var b = document.createElement("button");
  b.type = "button"; b.textContent = text;
  b.addEventListener("click", action);
  return b;
}
function showPanel(id) {
  var n = byId.get(id), all = neighbours(id);
  var hidden = all.filter(function (v) { return !state.shown.has(v) || !state.types.has(byId.get(v).type); }).length;
  panel.replaceChildren(el("div", n.name, "name"),
    el("div", fmt(new Set(all).size) + " neighbour(s), " + fmt(hidden) + " hidden", "muted"),
    button("Show neighbours", function () { showNeighbours(id); }),
    button("Only this and its neighbours", function () { only(id); }));
  panel.style.display = "block";
}
function hidePanel() { panel.style.display = "none"; }

/* ---- search: exact names first (persons, then organizations...), then whole words, prefixes, substrings */
var FOLD = DATA.fold || {};
function fold(s) {
  s = String(s).replace(/ئو/g, "وو");
  var out = "";
  for (var ch of s) { var m = FOLD[ch]; out += m === undefined ? ch : m; }
  return out.toLowerCase().replace(/\s+/g, " ").trim();
}
var KEYS = DATA.nodes.map(function (n) {
  var keys = [n.name].concat(n.info.alt).map(fold);
  return { id: n.id, keys: keys, flat: keys.map(function (k) { return k.replace(/ /g, ""); }) };
});
var TYPE_ORDER = { person: 0, organization: 1, place: 2, post: 3, event: 4 };
function tier(entry, q, flat) {
  var best = 9;
  entry.keys.forEach(function (k, i) {
    var t = 9;
    if (k === q || entry.flat[i] === flat) t = 0;
    else if ((" " + k + " ").indexOf(" " + q + " ") >= 0) t = 1;
    else if (k.indexOf(q) === 0 || k.indexOf(" " + q) >= 0) t = 2;
    else if (k.indexOf(q) >= 0 || entry.flat[i].indexOf(flat) >= 0) t = 3;
    if (t < best) best = t;
  });
  return best;
}
function matches(raw) {
  var q = fold(raw);
  if (!q) return [];
  var flat = q.replace(/ /g, "");
  var hits = [];
  KEYS.forEach(function (entry) {
    var t = tier(entry, q, flat);
    if (t < 9) hits.push({ node: byId.get(entry.id), tier: t });
  });
  hits.sort(function (a, b) {
    return a.tier - b.tier || (TYPE_ORDER[a.node.type] ?? 9) - (TYPE_ORDER[b.node.type] ?? 9) ||
      a.node.rank - b.node.rank;
  });
  return hits.map(function (h) { return h.node; });
}
var search = document.getElementById("search");
var results = document.getElementById("results");
var LIST_MAX = 300;
function runSearch() {
  var hits = matches(search.value);
  results.replaceChildren();
  if (!search.value.trim()) { results.style.display = "none"; return hits; }
  var head = el("li", hits.length ? fmt(hits.length) + " match(es): exact names first; hidden ones are shown with their neighbours"
    : "no match", "head");
  results.appendChild(head);
  hits.slice(0, LIST_MAX).forEach(function (n) {
    var li = el("li", n.name + " — " + n.info.type);
    if (!state.shown.has(n.id) || !state.types.has(n.type)) li.appendChild(el("span", " · hidden", "hidden-mark"));
    li.addEventListener("click", function () { focusNode(n.id); });
    results.appendChild(li);
  });
  if (hits.length > LIST_MAX) results.appendChild(el("li", "… " + fmt(hits.length - LIST_MAX) + " more: type more letters", "head"));
  results.style.display = "block";
  return hits;
}
function focusNode(id) {
  results.style.display = "none";
  if (!state.shown.has(id) || !state.types.has(byId.get(id).type)) {
    add([id].concat(neighbours(id)));
    render(false);
  }
  network.selectNodes([id]);
  network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 400 } });
  showPanel(id);
}
search.addEventListener("input", runSearch);
search.addEventListener("keydown", function (ev) {
  if (ev.key === "Enter") { var hits = runSearch(); if (hits.length) focusNode(hits[0].id); }
  if (ev.key === "Escape") { results.style.display = "none"; }
});

/* ---- filters: type boxes in the legend, one article, a date range */
var typeBoxes = Array.from(document.querySelectorAll("#legend input.type"));
function syncTypeBoxes() { typeBoxes.forEach(function (b) { b.checked = state.types.has(b.value); }); }
typeBoxes.forEach(function (b) {
  b.addEventListener("change", function () {
    if (b.checked) state.types.add(b.value); else state.types.delete(b.value);
    render(false);
  });
});
var articleBox = document.getElementById("article");
DATA.articles.forEach(function (a, i) {
  var o = document.createElement("option");
  o.value = String(i);
  var t = article(i);
  o.textContent = bidi(t.length > 90 ? t.slice(0, 89) + "…" : t);
  articleBox.appendChild(o);
});
articleBox.addEventListener("change", function () {
  if (articleBox.value === "") { resetView(); return; }
  var i = Number(articleBox.value);
  dateFrom.value = dateTo.value = "";
  show("article", DATA.nodes.filter(function (n) { return n.arts.indexOf(i) >= 0; }).map(function (n) { return n.id; }),
    article(i));
});
var dateFrom = document.getElementById("from"), dateTo = document.getElementById("to");
var dates = DATA.articles.map(function (a) { return a.date; }).filter(Boolean).sort();
if (dates.length) {
  [dateFrom, dateTo].forEach(function (d) { d.min = dates[0]; d.max = dates[dates.length - 1]; });
} else {
  [dateFrom, dateTo].forEach(function (d) {
    d.disabled = true;
    d.title = "no article of this page has a publication date";
  });
}
function byDates() {
  var a = dateFrom.value || "0000-00-00", b = dateTo.value || "9999-99-99";
  if (!dateFrom.value && !dateTo.value) { resetView(); return; }
  articleBox.value = "";
  var ok = new Set();
  DATA.articles.forEach(function (x, i) { if (x.date && x.date >= a && x.date <= b) ok.add(i); });
  show("dates", DATA.nodes.filter(function (n) { return n.arts.some(function (i) { return ok.has(i); }); })
    .map(function (n) { return n.id; }), (dateFrom.value || "…") + " to " + (dateTo.value || "…") + " (" + ok.size + " articles)");
}
dateFrom.addEventListener("change", byDates);
dateTo.addEventListener("change", byDates);
function resetView() {
  articleBox.value = ""; dateFrom.value = dateTo.value = "";
  state.types = new Set(ALL_TYPES); syncTypeBoxes();
  show("opening", openingIds());
}
document.getElementById("reset").addEventListener("click", resetView);
document.getElementById("all").addEventListener("click", function () {
  articleBox.value = ""; dateFrom.value = dateTo.value = "";
  show("all", DATA.nodes.map(function (n) { return n.id; }));
});

/* ---- the network: filled with the opening set before it is created, so it lays out and fits once */
state.shown = new Set(openingIds());
render(true);
var network = new vis.Network(container, { nodes: nodes, edges: edges }, OPTIONS);

function markReady() {
  if (window.__peyvand.ready) return;
  var focused = DATA.nodes.filter(function (n) { return n.focus; }).map(function (n) { return n.id; });
  if (focused.length) network.selectNodes(focused);
  window.__peyvand.ready = true;
  window.__peyvand.readyMs = performance.now() - window.__peyvand.started;
}
if (DATA.physics) {
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    fitView();
    markReady();
  });
} else {
  fitView();
  network.once("afterDrawing", markReady);
}
if (document.fonts && document.fonts.load) {
  document.fonts.load("14px Vazirmatn").then(function () { network.redraw(); });
}
network.on("hoverNode", function (p) { showTip(nodeTip(byId.get(p.node)), p.pointer.DOM); });
network.on("hoverEdge", function (p) { var e = edgeById.get(p.edge); if (e) showTip(edgeTip(e), p.pointer.DOM); });
network.on("blurNode", hideTip);
network.on("blurEdge", hideTip);
network.on("dragStart", hideTip);
network.on("zoom", hideTip);
network.on("click", function (p) { if (p.nodes.length) showPanel(p.nodes[0]); else hidePanel(); });
network.on("doubleClick", function (p) { if (p.nodes.length) showNeighbours(p.nodes[0]); });
