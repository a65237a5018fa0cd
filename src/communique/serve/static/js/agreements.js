/* Agreements: validity periods as bars (vis-timeline), one row per chain of renewals,
 * predecessor → successor links, conflicting reports flagged. */
"use strict";

(async () => {
  const { h, fill, $ } = CQ;
  const form = $("#filters");
  const m = await CQ.metaOr($("#agreements"));
  if (!m) return;
  await CQ.fillCountrySelect($("#g-country"));
  let timeline = null;

  function period(g) {
    if (g.period_start || g.period_end) return [g.period_start, g.period_end].filter(Boolean).join("–");
    return "—";
  }

  function conflictText(g) {
    return g.conflicts.map((c) => `${c.field}: ${c.values.map((v) => v.value).join(" vs ")}` +
      (c.n_values > c.values.length ? ` (and ${c.n_values - c.values.length} more)` : "")).join("; ");
  }

  async function load() {
    const params = CQ.formFromUrl(form);
    const request = {};
    for (const key of ["country", "kind", "name"]) if (params.get(key)) request[key] = params.get(key);
    document.body.dataset.ready = "";
    let found;
    try {
      found = await CQ.api("/api/agreements", request);
    } catch (error) {
      fill($("#agreements"), CQ.errorBox(error));
      document.body.dataset.ready = "1";
      return;
    }
    const byId = Object.fromEntries(found.items.map((g) => [g.id, g]));
    fill($("#g-count"), `${found.items.length} document${found.items.length === 1 ? "" : "s"} in ${found.chains.length} row${found.chains.length === 1 ? "" : "s"}`);

    // Timeline: one group per chain, the documents of a chain side by side.
    const dated = found.items.filter((g) => g.start);
    if (timeline) { timeline.destroy(); timeline = null; }
    fill($("#agreements-timeline"));
    if (dated.length) {
      const groups = new vis.DataSet(found.chains.filter((c) => c.members.some((id) => byId[id].start)).map((c, i) => ({
        id: c.id, order: i,
        content: h("div", { class: "chain-label" }, h("div", {}, h("b", {}, c.label)),
          h("div", { class: "muted" }, `${c.kind} · ${c.parties.join(", ")}${c.members.length > 1 ? ` · ${c.members.length} in chain` : ""}`)),
      })));
      const items = new vis.DataSet(dated.map((g) => {
        const point = !(g.period_start || g.period_end);
        const conflict = g.conflicts.length > 0;
        return {
          id: g.id, group: g.chain, start: g.start, end: point ? undefined : CQ.nextDay(g.end), type: point ? "point" : "range",
          content: h("span", { "data-agreement-id": g.id }, point ? `signed ${g.signed}` : `${period(g)}${conflict ? " ⚠" : ""}`),
          title: h("div", {}, h("b", {}, g.name), h("div", {}, `${g.kind} · ${g.parties.join(", ")}`),
            h("div", {}, `valid ${period(g)}${g.signed ? ` · signed ${g.signed}` : ""}`),
            conflict ? h("div", {}, `⚠ ${conflictText(g)}`) : null),
          className: `agr-item${conflict ? " agr-conflict" : ""}`,
        };
      }));
      const drawn = CQ.drawn();
      timeline = new vis.Timeline($("#agreements-timeline"), items, groups, {
        stack: false, orientation: { axis: "top" }, groupOrder: "order", showCurrentTime: false, selectable: true,
        margin: { item: { horizontal: 2, vertical: 8 } }, zoomMin: 1000 * 60 * 60 * 24 * 90, tooltip: { followMouse: true },
        ...CQ.span(dated, 120), onInitialDrawComplete: drawn.callback,
      });
      await drawn.promise;
      timeline.on("click", (p) => {
        if (p.item) {
          const row = document.getElementById(`agreement-${p.item}`);
          if (row) { row.scrollIntoView({ block: "center" }); row.classList.add("flash"); }
        }
      });
      window.cqAgreements = timeline;
    } else {
      fill($("#agreements-timeline"), h("div", { class: "empty" }, "No agreement has a known period or signing date."));
    }

    // Registry table, in chain order.
    const ordered = found.chains.flatMap((c) => c.members.map((id) => byId[id]));
    const link = (id) => (id ? h("a", { href: `#agreement-${id}` }, `#${id}`) : h("span", { class: "muted" }, "—"));
    fill($("#agreements"), ordered.length ? h("div", { class: "table-wrap" }, h("table", { class: "data", id: "agreements-table" },
      h("thead", {}, h("tr", {}, ["#", "Document", "Parties", "Valid", "Signed", "Chain", "Reported in", "Flags"].map((x) => h("th", {}, x)))),
      h("tbody", {}, ordered.map((g) => h("tr", { id: `agreement-${g.id}`, class: g.conflicts.length ? "has-conflict" : null },
        h("td", { class: "num" }, String(g.id)),
        h("td", {}, h("b", {}, g.name), h("div", { class: "muted" }, g.kind)),
        h("td", {}, g.parties.map((p) => [CQ.countryTag(m, p), " "])),
        h("td", { class: "nowrap" }, period(g)),
        h("td", { class: "nowrap" }, g.signed || "—"),
        h("td", { class: "nowrap" }, link(g.predecessor_id), " → ", h("b", {}, `#${g.id}`), " → ", link(g.successor_id)),
        h("td", {}, g.events.map((e, i) => [i ? ", " : "", h("a", { href: `/events/${e}` }, `event #${e}`)])),
        h("td", {}, g.conflicts.length ? h("span", { class: "flag-conflict", title: conflictText(g) }, `conflict: ${g.conflicts.map((c) => c.field).join(", ")}`) : "")))))) :
      h("div", { class: "empty" }, "No agreements match."));
    if (window.location.hash) {
      const row = document.querySelector(window.location.hash.replace(/[^#\w-]/g, ""));
      if (row) { row.scrollIntoView({ block: "center" }); row.classList.add("flash"); }
    }
    document.body.dataset.ready = "1";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    CQ.setUrl(CQ.paramsFromForm(form), true);
    load();
  });
  $("#g-country").addEventListener("change", () => form.requestSubmit());
  window.addEventListener("popstate", load);
  load();
})();
