/* Overview: totals, events by month and type (Chart.js), top dyads, latest events. */
"use strict";

(async () => {
  const { h, fill, $ } = CQ;
  let m, stats;
  try {
    [m, stats] = await Promise.all([CQ.meta(), CQ.api("/api/stats", { top: 12 })]);
  } catch (error) {
    fill($("#kpis"), CQ.errorBox(error));
    return;
  }
  const cov = stats.coverage || {};
  fill($("#coverage"), cov.from ? `Articles published ${cov.from} to ${cov.to} · database ${m.database} (read-only)`
    : "The database is empty: run communique ingest.");

  const kpi = (label, value, href, warn) => h("div", { class: `kpi${warn ? " warn" : ""}` },
    h("div", { class: "value" }, href ? h("a", { href }, CQ.number(value)) : CQ.number(value)),
    h("div", { class: "label" }, label));
  fill($("#kpis"),
    kpi("Events", stats.events, "/events"),
    kpi("Reports", stats.reports),
    kpi("Articles", stats.articles),
    kpi("Actors", stats.actors, "/actors"),
    kpi("Agreements", stats.agreements, "/agreements"),
    kpi("Events with conflicts", stats.events_with_conflicts, null, stats.events_with_conflicts > 0));

  // --- events by month, stacked by type: every month between the first and the last ---------
  const allMonths = [];
  if (stats.by_month.length) {
    let [y, mo] = stats.by_month[0].month.split("-").map(Number);
    const [ly, lm] = stats.by_month[stats.by_month.length - 1].month.split("-").map(Number);
    while (y < ly || (y === ly && mo <= lm)) {
      allMonths.push(`${y}-${String(mo).padStart(2, "0")}`);
      mo += 1; if (mo > 12) { mo = 1; y += 1; }
    }
  }
  const types = stats.by_type.map((t) => t.type);
  const counts = {};
  for (const row of stats.by_type_month) counts[`${row.month}|${row.type}`] = row.events;
  let months = allMonths;
  const monthChart = new Chart($("#month-chart"), {
    type: "bar",
    data: { labels: [], datasets: [] },
    options: {
      maintainAspectRatio: false, animation: false,
      interaction: { mode: "nearest", intersect: true },
      scales: {
        x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12, font: { size: 11 } } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { size: 11 } }, grid: { color: "#eef1f5" } },
      },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 10, boxHeight: 10, font: { size: 11 } } },
        tooltip: { callbacks: { footer: () => "Click to list these events" } },
      },
      onHover: (event, elements) => { event.native.target.style.cursor = elements.length ? "pointer" : "default"; },
      onClick: (event, elements) => {
        if (!elements.length) return;
        const { datasetIndex, index } = elements[0];
        const month = months[index];
        const type = monthChart.data.datasets[datasetIndex].type_code;
        window.location.href = `/events?type=${encodeURIComponent(type)}&from=${month}&to=${month}`;
      },
    },
  });

  function showMonths(last) {
    months = last ? allMonths.slice(-last) : allMonths;
    monthChart.data.labels = months;
    monthChart.data.datasets = types.map((t) => ({
      label: t.replace("_", " "), type_code: t,
      data: months.map((mo) => counts[`${mo}|${t}`] || 0),
      backgroundColor: CQ.typeColor(m, t), borderWidth: 0, borderRadius: 2,
    }));
    monthChart.update();
    for (const b of document.querySelectorAll("#range button")) b.classList.toggle("on", Number(b.dataset.months) === last);
  }
  for (const b of document.querySelectorAll("#range button")) b.addEventListener("click", () => showMonths(Number(b.dataset.months)));
  showMonths(allMonths.length > 48 ? 36 : 0);
  window.cqCharts = { month: monthChart };
  if (stats.undated) {
    $("#month-chart").closest(".card").appendChild(
      h("p", { class: "hint" }, `${CQ.number(stats.undated)} undated event(s) are not in this chart.`));
  }

  // --- by type: horizontal bars ------------------------------------------------------------
  const typeChart = new Chart($("#type-chart"), {
    type: "bar",
    data: {
      labels: stats.by_type.map((t) => t.type.replace("_", " ")),
      datasets: [{ data: stats.by_type.map((t) => t.events), backgroundColor: types.map((t) => CQ.typeColor(m, t)), borderRadius: 3 }],
    },
    options: {
      indexAxis: "y", maintainAspectRatio: false, animation: false,
      scales: { x: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: "#eef1f5" } }, y: { grid: { display: false }, ticks: { font: { size: 11.5 } } } },
      plugins: { legend: { display: false } },
      onHover: (event, elements) => { event.native.target.style.cursor = elements.length ? "pointer" : "default"; },
      onClick: (event, elements) => {
        if (elements.length) window.location.href = `/events?type=${encodeURIComponent(types[elements[0].index])}`;
      },
    },
  });
  window.cqCharts.type = typeChart;

  // --- most active dyads ---------------------------------------------------------------------
  const top = stats.by_dyad[0] ? stats.by_dyad[0].events : 1;
  fill($("#dyads"), CQ.table(stats.by_dyad, [
    ["Dyad", (d) => {
      const [a, b] = d.dyad.split("-");
      return h("a", { href: `/timeline?dyad=${d.dyad}`, title: d.names.join(" – ") }, CQ.countryTag(m, a, false), " – ", CQ.countryTag(m, b, false));
    }, { cls: "dyad" }],
    ["Countries", (d) => h("span", { class: "muted" }, d.names.join(" · "))],
    ["Events", (d) => [h("span", { class: "bar", style: { width: `${Math.max(4, 50 * d.events / top)}px` } }), " ", String(d.events)], { num: true, cls: "dyad" }],
    ["Latest", (d) => d.latest || "—", { cls: "nowrap" }],
  ], { compact: true, id: "dyad-table", href: (d) => `/timeline?dyad=${d.dyad}`, empty: "No event involves two countries yet." }));

  // --- latest events (up to today: planned ones further ahead are on the timeline) ------------
  try {
    const today = new Date().toISOString().slice(0, 10);
    const latest = await CQ.api("/api/events", { to: today, status: "occurred", order: "-date", limit: 10 });
    fill($("#latest"), CQ.eventsTable(m, latest.items, { compact: true, location: false, id: "latest-table" }));
  } catch (error) {
    fill($("#latest"), CQ.errorBox(error));
  }
  document.body.dataset.ready = "1";
})();
