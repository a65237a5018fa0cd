/* Events: the filters of `communique events`, sortable and paged; the state lives in the URL. */
"use strict";

(async () => {
  const { h, fill, $ } = CQ;
  const form = $("#filters");
  const FILTERS = ["type", "country", "dyad", "actor", "from", "to", "status", "search"];
  const PAGE = 50;
  const m = await CQ.metaOr($("#table"));
  if (!m) return;
  await Promise.all([CQ.fillTypeSelect($("#f-type")), CQ.fillCountrySelect($("#f-country"))]);
  for (const s of m.statuses) $("#f-status").appendChild(CQ.option(s.status, s.status));
  const topDyads = await CQ.api("/api/stats", { top: 30 }).catch(() => ({ by_dyad: [] }));
  for (const d of topDyads.by_dyad) $("#dyad-list").appendChild(CQ.option(d.dyad, d.names.join(" – ")));

  function state() {
    const params = new URLSearchParams(window.location.search);
    const s = {};
    for (const key of [...FILTERS, "order", "offset", "limit"]) if (params.get(key)) s[key] = params.get(key);
    return s;
  }

  async function load() {
    const s = state();
    CQ.formFromUrl(form);
    const request = Object.assign({ order: "-date", limit: PAGE, offset: 0 }, s);
    document.body.dataset.ready = "";
    $("#table").setAttribute("aria-busy", "true");
    let found;
    try {
      found = await CQ.api("/api/events", request);
    } catch (error) {
      fill($("#count"), "");
      fill($("#table"), CQ.errorBox(error));
      fill($("#pager"));
      fill($("#pager-top"));
      document.body.dataset.ready = "1";
      return;
    }
    const active = Object.entries(found.filters);
    fill($("#count"),
      h("strong", {}, `${CQ.number(found.total)}${found.total_capped ? "+" : ""}`),
      ` event${found.total === 1 ? "" : "s"}`,
      active.length ? [" matching ", active.map(([k, v], i) => [i ? ", " : "", h("code", {}, `${k}=${v}`)])] : " in the record");
    fill($("#table"), CQ.eventsTable(m, found.items, {
      id: "events-table", sort: request.order,
      onSort: (order) => go(Object.assign(state(), { order, offset: undefined })),
    }));
    const pageArgs = {
      offset: found.offset, limit: found.limit, total: found.total, capped: found.total_capped,
      onPage: (offset) => go(Object.assign(state(), { offset: offset || undefined })),
    };
    CQ.pager($("#pager"), pageArgs);
    CQ.pager($("#pager-top"), pageArgs);
    $("#table").removeAttribute("aria-busy");
    document.body.dataset.ready = "1";
  }

  function go(next) {
    CQ.setUrl(next, true);
    load();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const next = CQ.paramsFromForm(form);
    const order = state().order;
    if (order) next.order = order;
    go(next);
  });
  $("#f-reset").addEventListener("click", () => { form.reset(); go({}); });
  for (const select of form.querySelectorAll("select")) {
    select.addEventListener("change", () => form.requestSubmit());
  }
  window.addEventListener("popstate", load);
  load();
})();
