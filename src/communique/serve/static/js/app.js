/* communiqué dashboard: helpers shared by every page.
 *
 * Every piece of data reaches the page through CQ.h() (text nodes, never
 * innerHTML), so a headline containing <script> shows as text.
 */
"use strict";

const CQ = (() => {
  let metaPromise = null;

  /** GET a JSON API path; rejects with the API's own message on a 4xx/5xx. */
  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && String(value).trim() !== "") url.searchParams.set(key, value);
    }
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      const detail = body && body.detail ? (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail))
        : response.statusText;
      const error = new Error(detail);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  /** The database's vocabulary: types with colours, statuses, countries (cached per page). */
  function meta() {
    if (!metaPromise) metaPromise = api("/api/meta");
    return metaPromise;
  }

  /** Build an element: h("a", {href: "/x", class: "y"}, "text", child, [more]). Strings become text nodes. */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "style" && typeof value === "object") Object.assign(node.style, value);
      else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function fill(node, ...children) { return append(clear(node), children); }
  const $ = (selector, root) => (root || document).querySelector(selector);

  function typeColor(m, type) {
    const found = (m.types || []).find((t) => t.type === type);
    return found ? found.color : "#777777";
  }

  function inkFor(hex) {
    const v = parseInt(hex.slice(1), 16);
    const r = (v >> 16) & 255, g = (v >> 8) & 255, b = v & 255;
    return (0.299 * r + 0.587 * g + 0.114 * b) > 170 ? "dark-ink" : "";
  }

  function typeBadge(m, type) {
    const color = typeColor(m, type);
    return h("span", { class: `badge type-badge ${inkFor(color)}`, style: { background: color }, "data-type": type },
      type.replace("_", " "));
  }

  function statusLabel(status) { return h("span", { class: `status ${status}` }, status); }

  function countryName(m, code) {
    const found = (m.countries || []).find((c) => c.code === code);
    return found ? found.name : code;
  }

  function countryTag(m, code, href) {
    return h(href === false ? "span" : "a", {
      class: "country-tag", title: countryName(m, code),
      href: href === false ? null : (href || `/timeline?country=${encodeURIComponent(code)}`),
    }, code);
  }

  function dates(item) {
    const start = item.date_start, end = item.date_end;
    if (!start) return "undated";
    return !end || end === start ? start : `${start} – ${end}`;
  }

  function people(item, link) {
    const list = (item.participants || []);
    if (!list.length) return h("span", { class: "muted" }, (item.countries || []).join(" / ") || "—");
    return list.map((p, i) => [
      i ? ", " : "",
      link !== false && p.actor_id ? h("a", { href: `/actors/${p.actor_id}` }, p.name) : p.name,
    ]);
  }

  function number(n) { return Number(n || 0).toLocaleString("en-US"); }

  /* The shared metadata, or null after showing the error in `target`: every page starts so. */
  async function metaOr(target) {
    try {
      return await meta();
    } catch (error) {
      fill(target, errorBox(error));
      return null;
    }
  }

  function errorBox(error) {
    return h("div", { class: "error-box", role: "alert" }, `Could not load: ${error.message || error}`);
  }

  /** A table of events; each row opens the event page. */
  function eventsTable(m, items, options) {
    const opts = Object.assign({ sort: null, onSort: null, compact: false, location: true }, options);
    if (!items.length) return h("div", { class: "empty" }, opts.empty || "No events match.");
    const columns = [
      { key: "id", label: "ID", sort: "id", num: true, cell: (e) => h("a", { href: `/events/${e.id}` }, `#${e.id}`) },
      { key: "date", label: "Date", sort: "date", cell: (e) => dates(e), cls: "nowrap" },
      { key: "type", label: "Type", cell: (e) => typeBadge(m, e.type) },
      { key: "status", label: "Status", cell: (e) => statusLabel(e.status) },
      { key: "countries", label: "Countries", cell: (e) => (e.countries || []).map((c) => [countryTag(m, c), " "]) },
      { key: "participants", label: "Participants", cell: (e) => people(e), cls: "people" },
      opts.location ? { key: "location", label: "Location", cell: (e) => (e.location ? e.location.name : "") } : null,
      { key: "reports", label: "Reports", sort: "reports", num: true, cell: (e) => [
        String(e.n_reports), (e.conflicts || []).length ? [" ", h("span", { class: "flag-conflict", title: "The reports disagree" }, "conflict")] : null] },
    ].filter(Boolean);
    const head = h("tr", {}, columns.map((c) => {
      if (!c.sort || !opts.onSort) return h("th", { class: c.num ? "num" : null }, c.label);
      const current = opts.sort || "-date";
      const asc = current === c.sort, desc = current === `-${c.sort}` || (c.sort === "reports" && current === "reports");
      const arrow = c.sort === "reports" ? (current === "reports" ? "▼" : "") : asc ? "▲" : desc ? "▼" : "";
      const next = c.sort === "reports" ? "reports" : (desc ? c.sort : `-${c.sort}`);
      return h("th", {
        class: `sortable${c.num ? " num" : ""}`, "data-sort": c.sort, tabindex: 0, role: "button",
        "aria-sort": asc ? "ascending" : desc ? "descending" : "none", title: `Sort by ${c.label.toLowerCase()}`,
        onclick: () => opts.onSort(next), onkeydown: (ev) => { if (ev.key === "Enter") opts.onSort(next); },
      }, c.label, " ", h("span", { class: "arrow" }, arrow));
    }));
    const body = h("tbody", {}, items.map((e) => h("tr", {
      class: "clickable", "data-event-id": e.id,
      onclick: (ev) => { if (!ev.target.closest("a")) window.location.href = `/events/${e.id}`; },
    }, columns.map((c) => h("td", { class: [c.num ? "num" : "", c.cls || ""].join(" ").trim() || null }, c.cell(e))))));
    return h("div", { class: "table-wrap" },
      h("table", { class: `data${opts.compact ? " compact" : ""}`, id: opts.id || null }, h("thead", {}, head), body));
  }

  /** A simple table from rows and [label, cell(row), options] columns. */
  function table(rows, columns, options) {
    const opts = options || {};
    if (!rows.length) return h("div", { class: "empty" }, opts.empty || "Nothing to show.");
    return h("div", { class: "table-wrap" }, h("table", { class: `data${opts.compact ? " compact" : ""}`, id: opts.id || null },
      h("thead", {}, h("tr", {}, columns.map(([label, , o]) => h("th", { class: o && o.num ? "num" : null }, label)))),
      h("tbody", {}, rows.map((row) => h("tr", {
        class: opts.href ? "clickable" : null,
        onclick: opts.href ? (ev) => { if (!ev.target.closest("a")) window.location.href = opts.href(row); } : null,
      }, columns.map(([, cell, o]) => h("td", { class: [o && o.num ? "num" : "", (o && o.cls) || ""].join(" ").trim() || null }, cell(row))))))));
  }

  /** Pager: "1–50 of 116" with previous / next buttons. */
  function pager(container, { offset, limit, total, capped, onPage }) {
    const last = Math.min(offset + limit, total);
    fill(container,
      h("span", {}, total ? `${number(offset + 1)}–${number(last)} of ${number(total)}${capped ? "+" : ""}` : ""),
      h("button", { type: "button", "data-page": "prev", disabled: offset <= 0, onclick: () => onPage(Math.max(0, offset - limit)) }, "‹ Prev"),
      h("button", { type: "button", "data-page": "next", disabled: last >= total, onclick: () => onPage(offset + limit) }, "Next ›"));
  }

  /** Read the URL's query into a form's named fields, and back. */
  function formFromUrl(form) {
    const params = new URLSearchParams(window.location.search);
    for (const field of form.elements) {
      if (!field.name) continue;
      if (params.has(field.name)) field.value = params.get(field.name);
      else if (field.tagName === "SELECT") {
        const preset = [...field.options].find((o) => o.defaultSelected) || field.options[0];
        field.value = preset ? preset.value : "";
      } else field.value = field.defaultValue || "";
    }
    return params;
  }

  function paramsFromForm(form) {
    const params = {};
    for (const field of form.elements) {
      if (field.name && field.value.trim() !== "") params[field.name] = field.value.trim();
    }
    return params;
  }

  function setUrl(params, push) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && String(v) !== "") search.set(k, v);
    const url = `${window.location.pathname}${search.toString() ? `?${search}` : ""}`;
    if (url !== `${window.location.pathname}${window.location.search}`) {
      (push ? history.pushState : history.replaceState).call(history, null, "", url);
    }
  }

  function option(value, label) { return h("option", { value }, label); }

  async function fillCountrySelect(select) {
    const m = await meta();
    for (const c of m.countries) select.appendChild(option(c.code, `${c.code} · ${c.name} (${c.events})`));
  }

  async function fillTypeSelect(select) {
    const m = await meta();
    for (const t of m.types) select.appendChild(option(t.type, t.type.replace("_", " ")));
  }

  /** vis-timeline day strings: an item's end is exclusive, so a day-long item ends the next day. */
  function nextDay(iso) {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  }

  /** A padded window around items' {start, end} ISO days, so a timeline opens on its data. */
  function span(items, minDays, right) {
    const days = items.flatMap((i) => [i.start, i.end || i.start]).filter(Boolean).sort();
    if (!days.length) return {};
    const lo = new Date(`${days[0]}T00:00:00Z`).getTime();
    const hi = new Date(`${days[days.length - 1]}T00:00:00Z`).getTime() + 86400000;
    // More room on the right: labels run to the right of their points.
    const pad = Math.max((minDays || 20) * 86400000, (hi - lo) * 0.03);
    return { start: new Date(lo - pad), end: new Date(hi + Math.max(pad * 2, (hi - lo) * (right || 0.14))) };
  }

  /** Resolve when a vis-timeline has drawn its first frame (pass the result's callback as onInitialDrawComplete). */
  function drawn() {
    let done;
    const promise = new Promise((resolve) => { done = resolve; });
    return { promise, callback: () => done() };
  }

  function legend(m, types) {
    return (types || m.types.map((t) => t.type)).map((t) => h("span", { class: "item" },
      h("span", { class: "swatch", style: { background: typeColor(m, t) } }), t.replace("_", " ")));
  }

  return {
    api, meta, metaOr, h, append, clear, fill, $, typeColor, typeBadge, statusLabel, countryName, countryTag, dates,
    people, number, errorBox, eventsTable, table, pager, formFromUrl, paramsFromForm, setUrl, option,
    fillCountrySelect, fillTypeSelect, nextDay, legend, inkFor, span, drawn,
  };
})();
