/* Actor page: offices and ranks over time (vis-timeline), counterparts, engagements. */
"use strict";

(async () => {
  const { h, fill, $ } = CQ;
  const id = $("#actor-name").dataset.actorId;
  let m, a;
  try {
    [m, a] = await Promise.all([CQ.meta(), CQ.api(`/api/actors/${id}`)]);
  } catch (error) {
    fill($("#actor-sub"), CQ.errorBox(error));
    return;
  }
  const aliases = a.aliases.filter((x) => x !== a.name);
  fill($("#actor-sub"),
    a.country_name ? `${a.country_name} · ` : "",
    `${a.events} engagement${a.events === 1 ? "" : "s"}, seen in ${a.articles} article${a.articles === 1 ? "" : "s"}`,
    a.first_seen ? ` from ${a.first_seen} to ${a.last_seen}` : "",
    aliases.length ? [" · also written ", aliases.map((x, i) => [i ? ", " : "", h("q", {}, x)])] : "");

  // --- titles over time ----------------------------------------------------------------------------
  const KINDS = { rank: "Rank", office: "Office", title: "Title" };
  fill($("#title-legend"), Object.entries(KINDS).map(([k, label]) => h("span", { class: "item" },
    h("span", { class: `swatch`, style: { background: { rank: "#6b6ecf", office: "#4e79a7", title: "#a0a0a0" }[k] } }), label)));
  const dated = a.titles.filter((t) => t.first_seen);
  if (dated.length) {
    const kinds = Object.keys(KINDS).filter((k) => dated.some((t) => t.kind === k));
    const groups = new vis.DataSet(kinds.map((k, i) => ({ id: k, order: i, content: KINDS[k] })));
    const items = dated.map((t, i) => {
      const span = t.last_seen !== t.first_seen;
      return {
        id: i, group: t.kind, content: h("span", {}, t.title),
        title: h("div", {}, h("b", {}, t.title), h("div", {}, `${KINDS[t.kind]} · seen ${t.first_seen}${span ? ` to ${t.last_seen}` : ""} in ${t.articles} article(s)`)),
        start: t.first_seen, end: span ? CQ.nextDay(t.last_seen) : undefined, type: span ? "range" : "point",
        className: `title-${t.kind}`,
      };
    });
    const drawn = CQ.drawn();
    window.cqTitles = new vis.Timeline($("#titles-timeline"), new vis.DataSet(items), groups, {
      stack: true, orientation: { axis: "top" }, selectable: false, showCurrentTime: false, zoomMin: 1000 * 60 * 60 * 24 * 14,
      tooltip: { followMouse: true }, maxHeight: 320, groupOrder: "order", margin: { item: { horizontal: 6, vertical: 5 } },
      ...CQ.span(dated.map((t) => ({ start: t.first_seen, end: t.last_seen })), 60, 0.3), onInitialDrawComplete: drawn.callback,
    });
    await drawn.promise;
  }
  fill($("#titles"), CQ.table(a.titles, [
    ["Title", (t) => t.title],
    ["Kind", (t) => KINDS[t.kind]],
    ["First seen", (t) => t.first_seen, { cls: "nowrap" }],
    ["Last seen", (t) => t.last_seen, { cls: "nowrap" }],
    ["Articles", (t) => String(t.articles), { num: true }],
  ], { compact: true, id: "titles-table", empty: "No office or rank was written with this name." }));

  // --- counterparts ------------------------------------------------------------------------------------
  fill($("#counterparts"), CQ.table(a.counterparts, [
    ["Person", (c) => h("a", { href: `/actors/${c.id}` }, c.name)],
    ["Country", (c) => (c.country ? CQ.countryTag(m, c.country) : "—")],
    ["Shared events", (c) => h("a", { href: `/events?actor=${a.id}` }, String(c.events)), { num: true }],
    ["Last", (c) => c.last || "—", { cls: "nowrap" }],
  ], { compact: true, id: "counterparts-table", href: (c) => `/actors/${c.id}`, empty: "No one else is named in the same events." }));
  fill($("#counterpart-countries"), a.counterpart_countries.length ? a.counterpart_countries.map((c) => h("a", {
    class: "chip", href: a.country ? `/timeline?dyad=${a.country}-${c.code}` : `/timeline?country=${c.code}`,
    title: `${c.name}: ${c.events} event(s)`,
  }, h("span", { class: "country-tag" }, c.code), c.name, h("span", { class: "n" }, String(c.events)))) : h("span", { class: "muted" }, "None besides their own."));

  // --- engagements ---------------------------------------------------------------------------------------
  const engagements = [...a.engagements].reverse();
  fill($("#engagements"),
    a.by_type.length ? h("div", { class: "chips", style: { marginBottom: "10px" } }, a.by_type.map((t) => h("span", { class: "chip" }, CQ.typeBadge(m, t.type), h("span", { class: "n" }, String(t.events))))) : null,
    a.engagements_truncated ? h("p", { class: "muted", id: "engagements-more" }, `The latest ${engagements.length} of ${a.events}: `,
      h("a", { href: `/events?actor=${a.id}` }, "all of them in the events list"), ".") : null,
    CQ.eventsTable(m, engagements, { compact: true, location: false, id: "engagements-table", empty: "No engagements recorded." }));
  document.body.dataset.ready = "1";
})();
