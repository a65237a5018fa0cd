/* Timeline of a dyad, an actor or a country (vis-timeline): one row per event type,
 * points for single days, bars for spans; click an event to open it. */
"use strict";

(async () => {
  const { h, fill, $ } = CQ;
  const form = $("#filters");
  const m = await CQ.metaOr($("#timeline"));
  if (!m) return;
  await CQ.fillCountrySelect($("#t-country"));
  const stats = await CQ.api("/api/stats", { top: 30 }).catch(() => ({ by_dyad: [] }));
  for (const d of stats.by_dyad) $("#dyad-list").appendChild(CQ.option(d.dyad, d.names.join(" – ")));

  let timeline = null;

  function tooltip(e) {
    return h("div", {},
      h("div", {}, h("b", {}, e.type.replace("_", " ")), ` · ${e.status} · ${CQ.dates(e)}`),
      h("div", {}, (e.participants || []).map((p) => p.name).join(", ") || (e.countries || []).join(" / ")),
      e.location ? h("div", {}, e.location.name) : null,
      (e.conflicts || []).length ? h("div", {}, "⚠ the reports disagree") : null);
  }

  function label(e) {
    const who = (e.participants || []).filter((p) => p.kind === "person").map((p) => p.name.split(" ").slice(-1)[0]);
    const text = who.length ? who.slice(0, 3).join(", ") : (e.location ? e.location.name : (e.countries || []).join("–"));
    return h("span", { class: "tl-label", "data-event-id": e.id }, `#${e.id} ${text}`);
  }

  async function load() {
    const params = CQ.formFromUrl(form);
    const request = {};
    for (const key of ["dyad", "actor", "country", "from", "to"]) if (params.get(key)) request[key] = params.get(key);
    if (!request.dyad && !request.actor && !request.country) {
      const first = stats.by_dyad[0];
      if (!first) { fill($("#timeline"), h("div", { class: "empty" }, "No events yet.")); return; }
      request.dyad = first.dyad;
      $("#t-dyad").value = first.dyad;
      CQ.setUrl(request, false);
    }
    document.body.dataset.ready = "";
    let found;
    try {
      found = await CQ.api("/api/timeline", request);
    } catch (error) {
      if (timeline) { timeline.destroy(); timeline = null; }
      fill($("#timeline"), CQ.errorBox(error));
      fill($("#tl-count"), "Events");
      document.body.dataset.ready = "1";
      return;
    }
    const subject = found.subject;
    fill($("#subject"), subject.actor ? [h("a", { href: `/actors/${subject.actor.id}` }, subject.actor.name), " "] : null,
      subject.dyad ? `${subject.dyad.names.join(" – ")}` : null,
      subject.country ? `${subject.country.name}` : null);
    document.title = `Timeline: ${subject.label} · communiqué`;
    fill($("#tl-count"), `${found.items.length} dated event${found.items.length === 1 ? "" : "s"}${found.truncated ? " (first ones only)" : ""}`);

    const types = [...new Set(found.items.map((e) => e.type))].sort();
    fill($("#legend"), CQ.legend(m, types), h("span", { class: "item" }, h("span", { class: "swatch", style: { background: "#bbb", opacity: ".55" } }), "date known to the month/year"));
    const groups = new vis.DataSet(types.map((t, i) => ({
      id: t, order: i, content: h("span", { class: "group-label" }, CQ.typeBadge(m, t)),
    })));
    const items = new vis.DataSet(found.items.map((e) => {
      const approx = e.precision !== "day";
      const isRange = e.range || approx;
      return {
        id: e.id, group: e.type, content: label(e), title: tooltip(e),
        start: e.start, end: isRange ? CQ.nextDay(e.end) : undefined,
        type: isRange ? "range" : "point",
        className: `t-${e.type}${approx ? " approx" : ""}${(e.conflicts || []).length ? " conflict" : ""}`,
      };
    }));
    if (timeline) timeline.destroy();
    clearTimelineBox();
    if (!found.items.length) {
      fill($("#timeline"), h("div", { class: "empty" }, "No dated events for this selection."));
    } else {
      const first = CQ.drawn();
      timeline = new vis.Timeline($("#timeline"), items, groups, {
        stack: true, orientation: { axis: "top" }, margin: { item: { horizontal: 4, vertical: 6 } },
        zoomMin: 1000 * 60 * 60 * 24 * 7, tooltip: { followMouse: true, overflowMethod: "cap" },
        groupOrder: "order", selectable: true, showCurrentTime: false, maxHeight: 620,
        ...CQ.span(found.items), onInitialDrawComplete: first.callback,
      });
      await first.promise;
      timeline.on("click", (props) => { if (props.item) window.location.href = `/events/${props.item}`; });
      window.cqTimeline = timeline;
    }
    // Jump to a year: a dyad's engagements come in bursts, years apart.
    const years = {};
    for (const e of found.items) years[e.start.slice(0, 4)] = (years[e.start.slice(0, 4)] || 0) + 1;
    fill($("#years"), Object.keys(years).length > 1 ? ["Zoom to ",
      h("button", { type: "button", onclick: () => timeline.setWindow(CQ.span(found.items).start, CQ.span(found.items).end) }, "all"),
      Object.entries(years).sort().map(([y, n]) => h("button", {
        type: "button", "data-year": y,
        onclick: () => timeline.setWindow(CQ.span(found.items.filter((e) => e.start.startsWith(y)), 10).start,
          CQ.span(found.items.filter((e) => e.start.startsWith(y)), 10).end),
      }, y, h("span", { class: "n" }, String(n))))] : null);
    const undated = found.undated || [];
    $("#undated-box").hidden = !undated.length;
    fill($("#undated"), CQ.eventsTable(m, undated, { compact: true }));
    document.body.dataset.ready = "1";
  }

  function clearTimelineBox() { fill($("#timeline")); }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    CQ.setUrl(CQ.paramsFromForm(form), true);
    load();
  });
  window.addEventListener("popstate", load);
  load();
})();
