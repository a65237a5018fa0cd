/* Actors: people named in the record, searchable by name and country, paged. */
"use strict";

(async () => {
  const { h, fill, $ } = CQ;
  const form = $("#filters");
  const PAGE = 50;
  const m = await CQ.metaOr($("#table"));
  if (!m) return;
  await CQ.fillCountrySelect($("#a-country"));

  async function load() {
    const params = CQ.formFromUrl(form);
    const request = { limit: PAGE };
    for (const key of ["name", "country", "offset"]) if (params.get(key)) request[key] = params.get(key);
    document.body.dataset.ready = "";
    let found;
    try {
      found = await CQ.api("/api/actors", request);
    } catch (error) {
      fill($("#table"), CQ.errorBox(error));
      document.body.dataset.ready = "1";
      return;
    }
    const top = Math.max(1, ...found.items.map((a) => a.events));
    fill($("#count"), h("strong", {}, CQ.number(found.total)), ` ${found.total === 1 ? "person" : "people"}`);
    fill($("#table"), CQ.table(found.items, [
      ["Name", (a) => h("a", { href: `/actors/${a.id}` }, a.name)],
      ["Country", (a) => (a.country ? [CQ.countryTag(m, a.country), " ", h("span", { class: "muted" }, CQ.countryName(m, a.country))] : "—")],
      ["Events", (a) => [h("span", { class: "bar", style: { width: `${Math.max(2, 60 * a.events / top)}px` } }), " ", String(a.events)], { num: true }],
      ["Articles", (a) => String(a.articles), { num: true }],
      ["First seen", (a) => a.first_seen || "—", { cls: "nowrap" }],
      ["Last seen", (a) => a.last_seen || "—", { cls: "nowrap" }],
    ], { id: "actors-table", href: (a) => `/actors/${a.id}`, empty: "Nobody matches." }));
    const args = { offset: found.offset, limit: found.limit, total: found.total, capped: found.total_capped,
      onPage: (offset) => { CQ.setUrl(Object.assign(CQ.paramsFromForm(form), { offset: offset || undefined }), true); load(); } };
    CQ.pager($("#pager"), args);
    CQ.pager($("#pager-top"), args);
    document.body.dataset.ready = "1";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    CQ.setUrl(CQ.paramsFromForm(form), true);
    load();
  });
  $("#a-country").addEventListener("change", () => form.requestSubmit());
  window.addEventListener("popstate", load);
  load();
})();
