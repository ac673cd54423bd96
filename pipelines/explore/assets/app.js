// targeting explore: the page. Plain JavaScript, no libraries; every request
// goes to the server that served the page.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  // Number formats are built once per number of decimals (building one is
  // slow, and a repaint formats thousands of numbers).
  const formats = {};
  const fmt = (v, d) => {
    if (v == null || Number.isNaN(v)) return "–";
    d = d || 0;
    const f = formats[d] || (formats[d] = new Intl.NumberFormat("en-GB", { maximumFractionDigits: d, minimumFractionDigits: d }));
    return f.format(v);
  };
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

  let meta = null;      // static data from /api/meta
  let res = null;       // the last /api/score response
  let inflight = false, pending = false, changedAt = 0;
  const weights = {}, domainWeights = {};
  const explore = window.explore = { repaints: [], tables: [], ready: false, requests: 0 };
  explore.request = (extra) => request(extra);
  explore.idle = () => !inflight && !pending && !tablesPending;

  function request(extra) {
    const req = { weights: Object.assign({}, weights), domain_weights: Object.assign({}, domainWeights), normalise: $("normalise").checked };
    const rule = $("rule").value;
    if (rule !== "scenario") {
      const v = Number($("rule-value").value);
      req.selection = {};
      req.selection[rule] = (rule === "top_percent") ? v : Math.round(v);
    }
    return Object.assign(req, extra || {});
  }

  async function post(path, body) {
    const r = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (!r.ok) {
      let msg = r.status + " " + r.statusText;
      try { msg = (await r.json()).error || msg; } catch (e) { /* not JSON */ }
      throw new Error(msg);
    }
    return r;
  }

  function showError(msg) {
    $("error").hidden = !msg;
    $("error").textContent = msg || "";
  }

  // recompute sends the settings; while a request is in flight, later
  // changes coalesce into one more request.
  function recompute() {
    changedAt = changedAt || performance.now();
    if (inflight) { pending = true; return; }
    inflight = true;
    const started = changedAt;
    changedAt = 0;
    explore.requests++;
    post("/api/score", request()).then((r) => r.json()).then((data) => {
      res = explore.res = Object.assign(data, data.columns);
      showError("");
      tablesFrom = tablesFrom || started;
      paint();
      requestAnimationFrame(() => {
        const ms = performance.now() - started;
        explore.repaints.push(ms);
        $("timing").textContent = "Recomputed on the server in " + fmt(data.server_microseconds / 1000, 2) + " ms; change to repaint " + fmt(ms, 0) + " ms.";
        explore.ready = true;
      });
    }).catch((e) => showError(e.message)).finally(() => {
      inflight = false;
      if (pending) { pending = false; recompute(); }
    });
  }

  // ---- controls
  function weightControl(parent, c, isDomain, nested) {
    const div = document.createElement("div");
    div.className = "weight" + (isDomain ? " domain" : "") + (nested ? " nested" : "");
    const id = (isDomain ? "d-" : "w-") + c.id;
    div.innerHTML = '<label for="' + esc(id) + '">' + esc(c.label || c.id) + (isDomain ? " (domain)" : "") + '</label>' +
      '<div class="row"><input type="range" id="' + esc(id) + '" min="0" max="1" step="0.005" aria-describedby="' + esc(id) + '-n">' +
      '<input type="number" id="' + esc(id) + '-n" min="0" step="any" aria-label="' + esc((c.label || c.id) + " weight") + '"></div>';
    parent.appendChild(div);
    const range = div.querySelector("input[type=range]"), num = div.querySelector("input[type=number]");
    const store = isDomain ? domainWeights : weights;
    const set = (v, from) => {
      if (!(v >= 0)) return;
      store[c.id] = v;
      if (from !== range) range.value = Math.min(v, Number(range.max));
      if (from !== num) num.value = +v.toFixed(6);
      recompute();
    };
    range.addEventListener("input", () => set(Number(range.value), range));
    num.addEventListener("input", () => {
      if (num.value === "" || !(Number(num.value) >= 0)) { showError("A weight must be a number of 0 or more."); return; }
      if (Number(num.value) > Number(range.max)) range.max = Math.ceil(Number(num.value));
      set(Number(num.value), num);
    });
    c.show = (v) => { store[c.id] = v; range.value = Math.min(v, Number(range.max)); num.value = +v.toFixed(6); };
    c.show(c.weight);
  }

  function buildControls() {
    const fs = $("weights");
    for (const d of meta.domains) {
      weightControl(fs, d, true, false);
      for (const ind of meta.indicators) if (ind.domain === d.id) weightControl(fs, ind, false, true);
    }
    for (const ind of meta.indicators) if (!ind.domain) weightControl(fs, ind, false, false);
    $("normalise").addEventListener("change", recompute);
    setRule(meta.selection);
    $("rule").addEventListener("change", () => {
      const r = $("rule").value;
      $("rule-value").disabled = r === "scenario";
      if (r === "top_n") { $("rule-value").value = res ? res.n_selected : 10; $("rule-value").step = 1; $("rule-value").max = meta.codes.length; }
      if (r === "top_percent") { $("rule-value").value = 10; $("rule-value").step = "any"; $("rule-value").max = 100; }
      if (r === "max_decile") { $("rule-value").value = 1; $("rule-value").step = 1; $("rule-value").max = 10; }
      recompute();
    });
    $("rule-value").addEventListener("input", () => { if ($("rule-value").value !== "") recompute(); });
    $("reset").addEventListener("click", () => {
      for (const c of meta.indicators.concat(meta.domains)) c.show(c.weight);
      $("normalise").checked = false;
      setRule(meta.selection);
      recompute();
    });
    $("dl-scenario").addEventListener("click", () => download("/api/scenario"));
    $("dl-table").addEventListener("click", () => download("/api/table"));
    $("dl-briefing").addEventListener("click", () => download("/api/briefing"));
  }

  function setRule(sel) {
    $("rule-text").textContent = "In the scenario file: " + (sel.text || "no selection rule");
    let r = "scenario", v = "";
    if (!sel.custom) {
      if (sel.top_n) { r = "top_n"; v = sel.top_n; }
      if (sel.top_percent) { r = "top_percent"; v = sel.top_percent; }
      if (sel.max_decile) { r = "max_decile"; v = sel.max_decile; }
    }
    $("rule").value = r;
    $("rule-value").value = v;
    $("rule-value").disabled = r === "scenario";
  }

  async function download(path) {
    try {
      const r = await post(path, request());
      const m = /filename="([^"]+)"/.exec(r.headers.get("Content-Disposition") || "");
      const url = URL.createObjectURL(await r.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download = m ? m[1] : "download";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) { showError(e.message); }
  }

  // ---- map
  let areaPaths = [], outlinePaths = [], view = null, full = null;
  function buildMap() {
    const m = meta.map, svg = $("map");
    $("map-panel").hidden = false;
    full = { x: 0, y: 0, w: m.width, h: m.height };
    view = Object.assign({}, full);
    setView();
    const mk = (tag, attrs, parent) => {
      const e = document.createElementNS(SVG, tag);
      for (const k in attrs) e.setAttribute(k, attrs[k]);
      parent.appendChild(e);
      return e;
    };
    const ga = mk("g", { stroke: meta.colours.area_edge, "stroke-width": 0.6, "stroke-linejoin": "round", "fill-rule": "evenodd" }, svg);
    m.areas.forEach((d, i) => {
      const p = mk("path", { d: d, fill: meta.colours.no_data, class: "area" }, ga);
      p.dataset.i = i;
      areaPaths.push(p);
    });
    const gw = mk("g", { fill: "none", stroke: meta.colours.ward_boundary, "stroke-width": 1.1, "pointer-events": "none" }, svg);
    m.wards.forEach((d) => mk("path", { d: d }, gw));
    const go = mk("g", { id: "outlines", fill: "none", stroke: meta.colours.selected_outline, "stroke-width": 1.6, "pointer-events": "none" }, svg);
    m.areas.forEach((d) => { const p = mk("path", { d: d, display: "none" }, go); outlinePaths.push(p); });
    const gl = mk("g", { id: "labels", "font-size": 11, "text-anchor": "middle", "pointer-events": "none", fill: "#000", stroke: "#fff", "stroke-width": 2.5, "paint-order": "stroke" }, svg);
    for (const l of m.labels) { const t = mk("text", { x: l.x, y: l.y, "dominant-baseline": "central" }, gl); t.textContent = l.name; }
    setView();
    $("show-labels").addEventListener("change", () => { gl.style.display = $("show-labels").checked ? "" : "none"; });

    ga.addEventListener("mousemove", (ev) => {
      const i = ev.target.dataset && ev.target.dataset.i;
      if (i == null || !res) return;
      $("hover").textContent = areaText(+i);
    });
    ga.addEventListener("click", (ev) => { const i = ev.target.dataset && ev.target.dataset.i; if (i != null && !dragged) explain(+i); });
    // pan and zoom by the viewBox
    let drag = null, dragged = false;
    svg.addEventListener("pointerdown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, v: Object.assign({}, view) }; dragged = false; });
    svg.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      const k = view.w / svg.clientWidth, dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) dragged = true;
      view.x = drag.v.x - dx * k; view.y = drag.v.y - dy * k;
      setView();
    });
    window.addEventListener("pointerup", () => { drag = null; });
    svg.addEventListener("wheel", (ev) => { ev.preventDefault(); zoom(ev.deltaY < 0 ? 0.8 : 1.25); }, { passive: false });
    $("zoom-in").addEventListener("click", () => zoom(0.7));
    $("zoom-out").addEventListener("click", () => zoom(1 / 0.7));
    $("zoom-reset").addEventListener("click", () => { view = Object.assign({}, full); setView(); });
    if (meta.robustness) {
      const o = document.createElement("option");
      o.value = "p_selected"; o.textContent = "probability of selection (robustness run)";
      $("layer").appendChild(o);
    }
    $("layer").addEventListener("change", () => { legend(); paint(); });
    legend();
  }
  function zoom(f) {
    const cx = view.x + view.w / 2, cy = view.y + view.h / 2;
    view.w *= f; view.h *= f; view.x = cx - view.w / 2; view.y = cy - view.h / 2;
    setView();
  }
  // setView shows the view box; ward names keep about 11 px on screen.
  function setView() {
    const svg = $("map");
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].map((v) => v.toFixed(1)).join(" "));
    const k = Math.max(view.w / (svg.clientWidth || 800), view.h / (svg.clientHeight || 560));
    const gl = $("labels");
    if (gl) { gl.setAttribute("font-size", (11 * k).toFixed(2)); gl.setAttribute("stroke-width", (2.5 * k).toFixed(2)); }
  }

  // Probability of selection in ten bands, 90-100% in decile 1's colour.
  const pBand = (p) => p == null ? null : Math.min(10, 10 - Math.floor(p * 10) + (p === 1 ? 1 : 0));
  function legend() {
    const p = $("layer").value === "p_selected";
    const c = meta.colours.deciles;
    let h = "<span>" + (p ? "P(selected) 100%" : "Decile 1 (most in need)") + "</span>";
    c.forEach((col, i) => { h += '<i style="background:' + col + '" title="' + (p ? (100 - 10 * i) + "%" : "decile " + (i + 1)) + '"></i>'; });
    h += "<span>" + (p ? "0%" : "10 (least)") + '</span> <i style="background:' + meta.colours.no_data + '"></i><span>no data</span>' +
      ' <i style="background:#fff;border:2px solid #000"></i><span>selected</span>';
    $("legend").innerHTML = h;
  }

  function fill(i) {
    if ($("layer").value === "p_selected") {
      const b = pBand(meta.robustness.p_selected[i]);
      return b == null ? meta.colours.no_data : meta.colours.deciles[b - 1];
    }
    const d = res.decile[i];
    return d >= 1 && d <= 10 ? meta.colours.deciles[d - 1] : meta.colours.no_data;
  }

  function areaText(i) {
    const r = res.rank[i];
    return meta.codes[i] + " " + meta.names[i] + " (" + meta.ward_names[meta.wards[i]] + "): " +
      (r > 0 ? "rank " + fmt(r) + " of " + fmt(res.areas) + ", decile " + res.decile[i] + ", score " + fmt(res.score[i], 3) + (res.selected[i] ? ", selected" : "") : "not scored");
  }

  // ---- paint everything from res
  function paint() {
    if (!res) return;
    $("f-selected").textContent = fmt(res.n_selected) + " / " + fmt(res.areas);
    $("f-people").textContent = fmt(res.people);
    $("f-wards").textContent = fmt(res.wards_touched) + " / " + fmt(meta.ward_codes.length);
    for (const c of meta.indicators) if (c.id in res.weights && $("normalise").checked) c.show(res.weights[c.id]);
    for (const c of meta.domains) if (c.id in res.domain_weights && $("normalise").checked) c.show(res.domain_weights[c.id]);
    const w = $("warnings");
    w.innerHTML = "";
    for (const s of res.warnings || []) { const li = document.createElement("li"); li.textContent = s; w.appendChild(li); }
    if (areaPaths.length) {
      for (let i = 0; i < areaPaths.length; i++) {
        areaPaths[i].setAttribute("fill", fill(i));
        outlinePaths[i].setAttribute("display", res.selected[i] ? "inline" : "none");
      }
    }
    // The tables and chart follow in the next task, so the map and the
    // figures repaint first.
    if (!tablesPending) {
      tablesPending = true;
      setTimeout(() => {
        tablesPending = false;
        chart();
        changes();
        table();
        wardTable();
        explore.tables.push(performance.now() - tablesFrom);
        tablesFrom = 0;
        if (explained != null) explain(explained, true);
      }, 0);
    }
  }
  let tablesPending = false, tablesFrom = 0;

  function chart() {
    const svg = $("chart");
    const order = meta.ward_codes.map((_, i) => i).filter((i) => res.ward_selected[i] > 0)
      .sort((a, b) => res.ward_selected[b] - res.ward_selected[a] || res.ward_people[b] - res.ward_people[a]).slice(0, 15);
    const max = Math.max(1, ...order.map((i) => res.ward_selected[i]));
    const rowH = 18, W = 600, left = 200;
    svg.setAttribute("viewBox", "0 0 " + W + " " + Math.max(rowH, order.length * rowH));
    svg.style.height = Math.max(rowH, order.length * rowH) + "px";
    let h = "";
    order.forEach((i, k) => {
      const bw = (W - left - 40) * res.ward_selected[i] / max;
      h += '<text x="' + (left - 6) + '" y="' + (k * rowH + 13) + '" text-anchor="end" font-size="12">' + esc(meta.ward_names[i]) + "</text>" +
        '<rect x="' + left + '" y="' + (k * rowH + 3) + '" width="' + bw.toFixed(1) + '" height="' + (rowH - 6) + '" fill="' + meta.colours.accent + '"></rect>' +
        '<text x="' + (left + bw + 4) + '" y="' + (k * rowH + 13) + '" font-size="12">' + res.ward_selected[i] + "</text>";
    });
    svg.innerHTML = h || '<text x="4" y="13" font-size="12">No area selected.</text>';
  }

  function changes() {
    const name = (c) => { const i = index[c]; return esc(c) + " " + esc(meta.names[i]) + " (" + esc(meta.ward_names[meta.wards[i]]) + ")"; };
    const list = (cs, cls, what) => {
      if (!cs.length) return "<p>No area " + what + ".</p>";
      const shown = cs.slice(0, 100);
      return "<p class=\"" + cls + "\">" + cs.length + " area(s) " + what + ":</p><ul>" + shown.map((c) => "<li>" + name(c) + "</li>").join("") + "</ul>" +
        (cs.length > shown.length ? "<p class=\"note\">… and " + (cs.length - shown.length) + " more (Download table lists them all).</p>" : "");
    };
    $("changes-body").innerHTML = list(res.entering, "entering", "entering the selection") + list(res.leaving, "leaving", "leaving the selection");
  }

  // ---- tables
  let index = {};
  const LIMIT = 100;
  function table() {
    const q = $("search").value.trim().toLowerCase();
    const rob = meta.robustness;
    const head = "<tr><th class=\"num\">Rank</th><th>Area</th><th>Name</th><th>Ward</th><th class=\"num\">Population</th><th class=\"num\">Score</th><th>Decile</th><th>Selected</th><th>Change</th>" +
      (rob ? "<th class=\"num\">Median rank</th><th class=\"num\">Rank 5–95%</th><th class=\"num\">P(selected)</th>" : "") + "</tr>";
    $("areas").tHead.innerHTML = head;
    const order = byRank();
    const rows = [];
    let matched = 0;
    for (const i of order) {
      if (q && !(meta.codes[i].toLowerCase().includes(q) || meta.names[i].toLowerCase().includes(q) || meta.ward_names[meta.wards[i]].toLowerCase().includes(q))) continue;
      matched++;
      if (rows.length >= LIMIT) continue;
      const d = res.decile[i], sel = res.selected[i], base = !!baseSelected[meta.codes[i]];
      const change = sel && !base ? '<span class="entering">entering</span>' : !sel && base ? '<span class="leaving">leaving</span>' : "";
      rows.push("<tr" + (sel ? ' class="sel"' : "") + '><td class="num">' + (res.rank[i] > 0 ? res.rank[i] : "–") + "</td>" +
        '<td><button type="button" class="link" data-i="' + i + '">' + esc(meta.codes[i]) + "</button></td><td>" + esc(meta.names[i]) + "</td><td>" +
        esc(meta.ward_names[meta.wards[i]]) + '</td><td class="num">' + fmt(meta.population[i]) + '</td><td class="num">' + fmt(res.score[i], 3) +
        '</td><td><span class="sw" style="background:' + (d >= 1 ? meta.colours.deciles[d - 1] : meta.colours.no_data) + '"></span>' + (d >= 1 ? d : "–") +
        "</td><td>" + (sel ? "yes" : "") + "</td><td>" + change + "</td>" +
        (rob ? '<td class="num">' + fmt(rob.median[i], 1) + '</td><td class="num">' + fmt(rob.p5[i]) + "–" + fmt(rob.p95[i]) + '</td><td class="num">' +
          (rob.p_selected[i] == null ? "–" : fmt(100 * rob.p_selected[i], 0) + "%") + "</td>" : "") + "</tr>");
    }
    $("areas").tBodies[0].innerHTML = rows.join("");
    $("table-note").textContent = matched > LIMIT ? "Showing the first " + LIMIT + " of " + fmt(matched) + " areas; search to narrow, or Download table for all." : fmt(matched) + " area(s).";
  }

  // byRank lists the areas by rank: placed directly when ranks are 1..n
  // without ties (ranking among all areas), else sorted.
  function byRank() {
    const n = meta.codes.length, order = new Int32Array(n).fill(-1), rest = [];
    let ok = true;
    for (let i = 0; i < n; i++) {
      const r = res.rank[i];
      if (r >= 1 && r <= n && order[r - 1] < 0) order[r - 1] = i; else if (r < 1) rest.push(i); else { ok = false; break; }
    }
    if (ok) return Array.from(order).filter((i) => i >= 0).concat(rest);
    return meta.codes.map((_, i) => i).sort((a, b) => (res.rank[a] < 0 ? 1e12 : res.rank[a]) - (res.rank[b] < 0 ? 1e12 : res.rank[b]) || a - b);
  }

  const collator = new Intl.Collator("en-GB");
  function wardTable() {
    const order = meta.ward_codes.map((_, i) => i).sort((a, b) => res.ward_people[b] - res.ward_people[a] || collator.compare(meta.ward_names[a], meta.ward_names[b]));
    const rows = [];
    for (const i of order.slice(0, LIMIT)) {
      rows.push("<tr><td>" + esc(meta.ward_names[i]) + "</td><td>" + esc(meta.ward_codes[i]) + '</td><td class="num">' + wardAreas[i] +
        '</td><td class="num">' + res.ward_selected[i] + '</td><td class="num">' + fmt(res.ward_people[i]) + "</td></tr>");
    }
    $("wards").tBodies[0].innerHTML = rows.join("");
  }

  // ---- explanation
  let explained = null;
  async function explain(i, quiet) {
    explained = i;
    try {
      const e = await (await post("/api/explain", request({ area: meta.codes[i] }))).json();
      const box = $("explain");
      let h = "<h2>Why " + esc(meta.codes[i]) + " " + esc(meta.names[i]) + " ranks " + e.rank + " of " + e.of + "</h2><p>Ward " +
        esc(meta.ward_names[meta.wards[i]]) + "; decile " + e.decile + "; score " + fmt(e.score, 3) + "; " + (e.selected ? "selected" : "not selected") + ".</p>" +
        '<table><thead><tr><th>Input</th><th class="num">Raw</th><th class="num">Normalised</th><th class="num">Weight</th><th class="num">Contribution</th><th class="num">Change needed</th></tr></thead><tbody>';
      const row = (p, pad) => {
        h += "<tr><td>" + (pad ? "&nbsp;&nbsp;" : "") + esc(p.id) + '</td><td class="num">' + (p.raw == null ? "" : fmt(p.raw, 3)) + '</td><td class="num">' +
          fmt(p.normalised, 3) + '</td><td class="num">' + fmt(p.weight, 3) + '</td><td class="num">' + fmt(p.contribution, 3) + '</td><td class="num">' +
          (p.needed_change == null ? "" : (p.needed_change > 0 ? "+" : "") + fmt(p.needed_change, 3)) + "</td></tr>";
      };
      for (const p of e.contributions || []) { row(p, false); for (const q of p.parts || []) row(q, true); }
      h += "</tbody></table>";
      for (const l of e.selection || []) {
        h += "<p>" + esc(l.rule) + ": " + (l.met ? "met" : "not met") + " (value " + fmt(l.value, 3) + ")" +
          (l.threshold == null ? "" : "; to flip it would have to " + (l.met ? "fall below " : "rise to ") + fmt(l.threshold, 3) + " (gap " + fmt(l.gap, 3) + ")") + ".</p>";
      }
      if ((e.selection || []).length) h += '<p class="note">"Change needed" is how far each normalised input would have to move on its own, other areas unchanged.</p>';
      box.innerHTML = h;
      box.hidden = false;
      if (!quiet) box.scrollIntoView({ block: "nearest" });
    } catch (err) { showError(err.message); }
  }

  // ---- start
  let baseSelected = {}, wardAreas = [];
  fetch("/api/meta").then((r) => r.json()).then((m) => {
    meta = m;
    document.title = "Explore: " + (m.title || m.name);
    $("title").textContent = m.title || m.name;
    $("subtitle").textContent = "Scenario " + m.file + ": " + fmt(m.codes.length) + " areas. Move a weight and the ranks, map and tables follow.";
    if (m.synthetic && m.synthetic.length) { $("synthetic").hidden = false; $("synthetic").textContent = "SYNTHETIC DATA in sources " + m.synthetic.join(", ") + ": not for decisions."; }
    m.codes.forEach((c, i) => { index[c] = i; });
    wardAreas = m.ward_codes.map(() => 0);
    m.wards.forEach((w) => { wardAreas[w]++; });
    buildControls();
    if (m.map) buildMap();
    $("search").addEventListener("input", () => { if (res) table(); });
    $("areas").addEventListener("click", (ev) => { const i = ev.target.dataset && ev.target.dataset.i; if (i != null) explain(+i); });
    // The scenario as written: its selection is the baseline for "changes".
    return post("/api/score", {}).then((r) => r.json()).then((base) => {
      base.columns.selected.forEach((s, i) => { if (s) baseSelected[m.codes[i]] = true; });
      recompute();
    });
  }).catch((e) => showError(e.message));
})();
