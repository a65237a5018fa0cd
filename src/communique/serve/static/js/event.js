/* Event page: the resolved record, why its reports were merged, and each report's article
 * with the evidence and the person mentions highlighted at their stored offsets. */
"use strict";

(async () => {
  const { h, fill, $ } = CQ;
  const id = $("#event-title").dataset.eventId;
  let m, e;
  try {
    [m, e] = await Promise.all([CQ.meta(), CQ.api(`/api/events/${id}`)]);
  } catch (error) {
    fill($("#resolved"), CQ.errorBox(error));
    return;
  }

  // --- the resolved record ---------------------------------------------------------------------
  const rows = [
    ["Type", CQ.typeBadge(m, e.type)],
    ["Status", CQ.statusLabel(e.status)],
    ["Dates", [CQ.dates(e), e.precision && e.precision !== "day" ? h("span", { class: "muted" }, ` (known to the ${e.precision})`) : null]],
    ["Countries", (e.countries || []).map((c) => [CQ.countryTag(m, c), " ", h("span", { class: "muted" }, CQ.countryName(m, c)), "  "])],
    ["Participants", e.participants.length ? h("div", { class: "participants" }, e.participants.map((p) => h("div", { class: "participant" },
      p.actor_id ? h("a", { href: `/actors/${p.actor_id}` }, p.name) : p.name,
      p.country ? [" ", CQ.countryTag(m, p.country)] : null,
      p.role || p.kind !== "person" ? h("span", { class: "role" }, ` ${[p.role, p.kind !== "person" ? p.kind : null].filter(Boolean).join(", ")}`) : null)))
      : h("span", { class: "muted" }, "none named")],
    ["Location", e.location ? [e.location.name, e.location.country ? [" ", CQ.countryTag(m, e.location.country)] : null] : h("span", { class: "muted" }, "—")],
  ];
  if (e.agreement) {
    const a = e.agreement;
    const period = [a.period_start, a.period_end].filter(Boolean).join("–");
    rows.push(["Agreement", [h("b", {}, a.name || a.kind), a.kind && a.name ? ` (${a.kind})` : "", period ? `, ${period}` : "",
      e.agreement_id ? [" · ", h("a", { href: `/agreements#agreement-${e.agreement_id}` }, `registry #${e.agreement_id}`)] : null]]);
  }
  rows.push(["Reported", `${e.n_reports} report${e.n_reports === 1 ? "" : "s"} in ${e.n_articles} article${e.n_articles === 1 ? "" : "s"}, ${e.first_published}${e.last_published !== e.first_published ? ` to ${e.last_published}` : ""}`]);
  const timelineLinks = [];
  if ((e.countries || []).length === 2) timelineLinks.push(h("a", { href: `/timeline?dyad=${e.countries.join("-")}` }, `${e.countries.join("–")} timeline`));
  for (const c of e.countries || []) if ((e.countries || []).length !== 2) timelineLinks.push(h("a", { href: `/timeline?country=${c}` }, `${c} timeline`));
  if (timelineLinks.length) rows.push(["See also", timelineLinks.map((a, i) => [i ? " · " : "", a])]);

  fill($("#resolved"),
    h("div", { class: "card-head" }, h("h2", {}, "Resolved record"), h("span", { class: "hint" }, `event #${e.id}`)),
    h("dl", { class: "fields" }, rows.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
    (e.conflicts || []).length ? h("div", { class: "conflict-list", id: "conflicts" },
      h("strong", {}, "Reports disagree"),
      h("ul", {}, e.conflicts.map((c) => h("li", {}, h("b", {}, c.field), ": ",
        c.values.map((v, i) => [i ? " vs " : "", h("code", {}, String(v.value)), ` (report ${v.reports.join(", ")})`]))))) : null);

  // --- why the reports were merged ---------------------------------------------------------------
  fill($("#merge"),
    h("div", { class: "card-head" }, h("h2", {}, "Why these reports are one event")),
    h("p", { class: "muted" }, e.merge),
    h("ol", { class: "merge-steps" }, e.reports.map((r, i) => h("li", { class: r.merge_reason ? "" : "first" },
      h("a", { href: `#report-${r.report_id}`, class: "jump" }, `Report ${r.report_id}`),
      " · ", r.published || r.article_info.published,
      r.detached ? h("span", { class: "flag-conflict" }, " split off by hand") : null,
      h("div", { class: "why" }, r.merge_reason || (i === 0 ? "First report: the event starts here." : "Kept as reported."))))));

  // --- every report, its article with highlights ---------------------------------------------------
  const reports = $("#reports");
  for (const r of e.reports) {
    const info = r.article_info;
    const text = h("div", { class: "article-text", id: `text-${r.report_id}`, tabindex: 0, "aria-label": "Article text" });
    for (const s of r.segments) {
      let node = s.text;
      if (s.mention) {
        node = h(s.mention.actor_id ? "a" : "span", {
          class: "mention", href: s.mention.actor_id ? `/actors/${s.mention.actor_id}` : null,
          title: `${s.mention.name}${s.mention.country ? ` (${s.mention.country})` : ""}`,
          "data-start": s.start, "data-end": s.end,
        }, s.text);
      }
      if (s.evidence.length) {
        node = h("mark", { class: "evidence", "data-evidence": s.evidence.join(" "), "data-start": s.start, "data-end": s.end,
          title: `Evidence ${s.evidence.map((i) => `${r.evidence_spans[i].start}–${r.evidence_spans[i].end}`).join(", ")}` }, node);
      }
      CQ.append(text, [node]);
    }
    const field = (label, value, differs) => h("span", { class: differs ? "differs" : null, title: differs ? "Differs from the resolved record" : null },
      `${label} `, h("b", {}, value));
    const differs = new Set(r.differs || []);
    const card = h("section", { class: "card report", id: `report-${r.report_id}`, "data-report-id": r.report_id },
      h("div", { class: "report-head" },
        h("h2", { class: "article-title" }, info.title || info.name),
        h("span", { class: "muted" }, `published ${info.published}`),
        /^https?:\/\//i.test(info.url || "")   // only a web address becomes a link (never javascript:)
          ? h("a", { href: info.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "source ↗") : null),
      h("div", { class: "report-meta" },
        field("report", `#${r.report_id}`),
        field("type", r.type, differs.has("type")),
        field("status", r.status, differs.has("status")),
        field("dates", CQ.dates(r), differs.has("date_start") || differs.has("date_end")),
        r.location ? field("location", r.location.name, differs.has("location")) : null,
        field("evidence", r.evidence_spans.map((s) => `${s.start}–${s.end}`).join(", ") || "none"),
        info.title ? field("file", info.name) : null,
        h("span", { class: "evidence-legend" }, h("span", { class: "k-evidence" }, "evidence"), h("span", { class: "k-mention" }, "person"))),
      text);
    reports.appendChild(card);
    // Bring the first evidence sentence into view inside the article's scroll box.
    const first = text.querySelector("mark.evidence");
    if (first) text.scrollTop = Math.max(0, first.offsetTop - text.offsetTop - 40);
  }
  document.body.dataset.ready = "1";
})();
