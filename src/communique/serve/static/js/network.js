/* Network (vis-network): countries and people as nodes, shared events as weighted edges,
 * filtered by period and type; a click on a node opens its page. */
"use strict";

(async () => {
  const { h, fill, $ } = CQ;
  const form = $("#filters");
  const m = await CQ.metaOr($("#network"));
  if (!m) return;
  await CQ.fillTypeSelect($("#n-type"));
  let network = null;

  function hue(code) {
    let x = 0;
    for (const ch of code || "?") x = (x * 31 + ch.charCodeAt(0)) % 360;
    return x;
  }

  function dominant(types) {
    const entries = Object.entries(types || {});
    return entries.length ? entries.sort((a, b) => b[1] - a[1])[0][0] : null;
  }

  function describeNode(node) {
    const isCountry = node.kind === "country";
    return [
      h("dl", { class: "fields" },
        h("dt", {}, isCountry ? "Country" : "Person"),
        h("dd", {}, h("b", {}, isCountry ? node.name : node.label), " ", node.country || isCountry ? CQ.countryTag(m, isCountry ? node.code : node.country, false) : null),
        h("dt", {}, "Events"), h("dd", {}, String(node.events))),
      h("p", {}, h("a", { href: node.url }, isCountry ? "Open its timeline →" : "Open their page →")),
    ];
  }

  function describeEdge(edge, nodes) {
    const a = nodes.get(edge.from), b = nodes.get(edge.to);
    if (edge.kind === "member") return [h("p", {}, `${a.label} is from ${b.name || b.label}.`)];
    return [
      h("dl", { class: "fields" },
        h("dt", {}, "Between"), h("dd", {}, h("b", {}, a.name || a.label), " and ", h("b", {}, b.name || b.label)),
        h("dt", {}, "Shared"), h("dd", {}, `${edge.weight} event${edge.weight === 1 ? "" : "s"}`),
        h("dt", {}, "Types"), h("dd", {}, Object.entries(edge.types).map(([t, n]) => [CQ.typeBadge(m, t), ` ${n} `]))),
      h("p", {}, h("a", { href: edge.url }, "List these events →")),
    ];
  }

  async function load() {
    const params = CQ.formFromUrl(form);
    const request = {};
    for (const key of ["type", "from", "to", "max_people", "min_weight"]) if (params.get(key)) request[key] = params.get(key);
    if (!request.max_people) request.max_people = $("#n-people").value;
    document.body.dataset.ready = "";
    let found;
    try {
      found = await CQ.api("/api/network", request);
    } catch (error) {
      if (network) { network.destroy(); network = null; }
      fill($("#network"), CQ.errorBox(error));
      document.body.dataset.ready = "1";
      return;
    }
    const maxCountry = Math.max(1, ...found.nodes.filter((n) => n.kind === "country").map((n) => n.events));
    const maxPerson = Math.max(1, ...found.nodes.filter((n) => n.kind === "person").map((n) => n.events));
    const maxEdge = Math.max(1, ...found.edges.map((e) => e.weight));
    const nodes = new vis.DataSet(found.nodes.map((n) => n.kind === "country" ? {
      ...n, shape: "box", label: n.code, level: 0,
      font: { color: "#ffffff", size: 16 + Math.round(12 * Math.sqrt(n.events / maxCountry)), face: "system-ui, sans-serif", bold: { color: "#fff" } },
      margin: 6 + Math.round(6 * Math.sqrt(n.events / maxCountry)),
      color: { background: "#1d2b3f", border: "#1d2b3f", highlight: { background: "#2f6fb5", border: "#2f6fb5" }, hover: { background: "#2f4a6d", border: "#2f4a6d" } },
      shapeProperties: { borderRadius: 4 }, mass: 2 + n.events / maxCountry * 3,
    } : {
      ...n, shape: "dot", size: 6 + Math.round(12 * Math.sqrt(n.events / maxPerson)),
      font: { size: 15, color: "#3b4656", face: "system-ui, sans-serif", strokeWidth: 4, strokeColor: "#ffffff" },
      color: { background: `hsl(${hue(n.country)}, 45%, 62%)`, border: `hsl(${hue(n.country)}, 40%, 45%)`,
        highlight: { background: "#f28e2b", border: "#c46d14" }, hover: { background: "#f2b06b", border: "#c46d14" } },
    }));
    const edges = new vis.DataSet(found.edges.map((e) => {
      const t = dominant(e.types);
      const color = e.kind === "member" ? "#c9d1dc" : CQ.typeColor(m, t);
      return {
        ...e, width: e.kind === "member" ? 1 : 1 + 7 * Math.sqrt(e.weight / maxEdge),
        dashes: e.kind === "member", color: { color, opacity: e.kind === "people" ? 0.55 : 0.8, highlight: "#1d2b3f", hover: "#1d2b3f" },
        smooth: { type: "continuous" }, label: e.kind === "dyad" && e.weight > 1 ? String(e.weight) : undefined,
        font: { size: 13, color: "#647084", strokeWidth: 4, strokeColor: "#fff", align: "middle" },
      };
    }));
    if (network) network.destroy();
    fill($("#network"));
    if (!found.nodes.length) {
      fill($("#network"), h("div", { class: "empty" }, "No events for this selection."));
      document.body.dataset.ready = "1";
      return;
    }
    network = new vis.Network($("#network"), { nodes, edges }, {
      interaction: { hover: true, tooltipDelay: 150, navigationButtons: false, keyboard: false },
      physics: {
        solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, springConstant: 0.06, avoidOverlap: 0.4 },
        stabilization: { iterations: 400, updateInterval: 50 },
      },
      layout: { randomSeed: 7, improvedLayout: true },
    });
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: false });
      network.fit({ animation: false });
      document.body.dataset.ready = "1";
    });
    network.on("hoverNode", (p) => fill($("#net-info"), describeNode(nodes.get(p.node))));
    network.on("hoverEdge", (p) => fill($("#net-info"), describeEdge(edges.get(p.edge), nodes)));
    network.on("click", (p) => {
      if (p.nodes.length) window.location.href = nodes.get(p.nodes[0]).url;
      else if (p.edges.length) {
        const edge = edges.get(p.edges[0]);
        if (edge.kind !== "member") window.location.href = edge.url;
      }
    });
    window.cqNetwork = { network, nodes, edges };
    const countries = found.nodes.filter((n) => n.kind === "country").length;
    fill($("#net-stats"),
      h("div", {}, `${CQ.number(found.events)} events${found.truncated ? " (the latest only)" : ""}`),
      h("div", {}, `${countries} countries, ${found.people_shown} of ${found.people_total} people`),
      h("div", {}, `${found.edges.filter((e) => e.kind !== "member").length} links`),
      h("h3", {}, "Strongest links"),
      CQ.table(found.edges.filter((e) => e.kind !== "member").sort((a, b) => b.weight - a.weight).slice(0, 8), [
        ["Between", (e) => `${nodes.get(e.from).label} – ${nodes.get(e.to).label}`],
        ["Events", (e) => h("a", { href: e.url }, String(e.weight)), { num: true }],
      ], { compact: true, id: "top-links", href: (e) => e.url }),
      h("h3", {}, "Link colour: most frequent type"),
      h("div", { class: "legend" }, CQ.legend(m)));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    CQ.setUrl(CQ.paramsFromForm(form), true);
    load();
  });
  window.addEventListener("popstate", load);
  load();
})();
