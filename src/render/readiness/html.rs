//! The readiness report as one self-contained HTML page: inline styles, no scripts, no
//! external resources, and print styles so the browser's "Save as PDF" gives a clean
//! document.
//!
//! The page is an askama template compiled into Rust. askama escapes every `{{ value }}`
//! for HTML by default, so addresses, messages and file names holding markup come out
//! as text.

use askama::Template;

use super::view::{View, view};
use crate::readiness::ReadinessReport;

/// The report as an HTML page.
pub fn render(report: &ReadinessReport) -> String {
    let v = view(report);
    // Rendering into a String only fails if a Display impl fails; ours do not.
    Page { v: &v }.render().unwrap_or_default()
}

#[derive(Template)]
#[template(
    ext = "html",
    source = r##"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ v.title }}</title>
<style>
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b; background: #fff; margin: 2rem auto; max-width: 50rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #bbb; padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.meta { color: #555; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #c8c8c8; padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: break-word; hyphens: manual; }
th { background: #f2f2f2; white-space: nowrap; }
td.v, code { overflow-wrap: anywhere; }
td.n { text-align: right; white-space: nowrap; }
td.when, .nowrap, td.sev, td.code { white-space: nowrap; }
table.cover { width: auto; }
table.groups th:first-child { width: 5.5rem; }
table.groups th:last-child { width: 36%; }
table.cover th { background: none; border: 0; padding: .1rem 1rem .1rem 0; }
table.cover td { border: 0; padding: .1rem 0; }
.verdict { display: inline-block; padding: .15rem .6rem; border: 2px solid; border-radius: .3rem; font-weight: 700; text-transform: uppercase; }
.v-blocked { color: #8a1111; border-color: #8a1111; background: #fdecec; }
.v-warnings { color: #6b4600; border-color: #6b4600; background: #fff4dc; }
.v-ready { color: #145a1e; border-color: #145a1e; background: #e8f6ea; }
.s-error, .t-blocked { color: #8a1111; font-weight: 600; }
.s-warning { color: #6b4600; font-weight: 600; }
.t-done { color: #145a1e; font-weight: 600; }
.small { font-size: .9em; color: #444; }
.lead { font-size: 1.1em; font-weight: 600; }
figure { margin: .5rem 0 1rem; }
svg.picture { display: block; max-width: 100%; height: auto; }
figcaption { font-size: .85em; color: #444; }
figcaption ul { margin: .2rem 0; padding-left: 1.2rem; }
code { font-family: ui-monospace, Consolas, "Courier New", monospace; font-size: .92em; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3 { break-after: avoid; }
  tr, .verdict, figure, li { break-inside: avoid; }
  thead { display: table-header-group; }
  .appendix { break-before: page; }
}
</style>
</head>
<body>
<header>
<h1>{{ v.title }}</h1>
<p class="meta">{{ v.subtitle }}</p>
<table class="cover">
<tbody>
{% for (label, value) in v.cover %}<tr><th scope="row">{{ label }}</th><td class="v">{{ value }}</td></tr>
{% endfor %}</tbody>
</table>
</header>

<section>
<h2>Executive summary: <span class="verdict v-{{ v.verdict }}">{{ v.verdict }}</span></h2>
<p class="lead">{{ v.executive.sentence }}</p>
{% if !v.executive.blockers.is_empty() %}<h3>What blocks the migration</h3>
<ul>
{% for b in v.executive.blockers %}<li>{{ b }}</li>
{% endfor %}</ul>
{% endif %}{% if !v.executive.next.is_empty() %}<h3>Next actions</h3>
<ol>
{% for n in v.executive.next %}<li>{{ n }}</li>
{% endfor %}</ol>
{% endif %}{% if !v.executive.unknown.is_empty() %}<h3>Still unknown</h3>
<ul>
{% for u in v.executive.unknown %}<li>{{ u }}</li>
{% endfor %}</ul>
{% endif %}<p>{{ v.summary }}</p>
</section>

{% if let Some(p) = v.since %}<section>
<h2>Progress</h2>
<p>{{ p.headline }}</p>
{% for (name, rows) in p.sections %}{% if !rows.is_empty() %}<h3>{{ name }}</h3>
<table>
<thead><tr><th>Code</th><th>Findings</th><th>Where</th></tr></thead>
<tbody>
{% for g in rows %}<tr><td class="code"><span class="s-{{ g.severity }}">{{ g.severity }}</span> <code>{{ g.code }}</code></td><td>{{ g.title }} ({{ g.count }})</td><td class="v">{{ g.place }}</td></tr>
{% endfor %}</tbody>
</table>
{% endif %}{% endfor %}{% if !p.tasks_done.is_empty() %}<h3>Tasks done since</h3>
<ul>
{% for t in p.tasks_done %}<li>{{ t }}</li>
{% endfor %}</ul>
{% endif %}{% if !p.dates_moved.is_empty() %}<h3>Dates that moved</h3>
<ul>
{% for d in p.dates_moved %}<li>{{ d }}</li>
{% endfor %}</ul>
{% endif %}</section>

{% endif %}<section>
<h2>Timeline</h2>
{% if let Some(svg) = v.timeline_svg %}<figure id="timeline">
{{ svg|safe }}
<figcaption><ul>
{% for line in v.timeline %}<li>{{ line }}</li>
{% endfor %}</ul></figcaption>
</figure>
{% else %}<p>No date is known yet: give the schedule and the MX TTL in the assessment.</p>
{% endif %}</section>

<section>
<h2>Findings by code</h2>
<figure>
{{ v.findings_svg|safe }}
<figcaption>{% for line in v.findings_words %}{{ line }}{% if !loop.last %}; {% endif %}{% endfor %}.</figcaption>
</figure>
{% if v.groups.is_empty() %}<p>None.</p>
{% else %}<table class="groups">
<thead><tr><th>Code</th><th>What and where</th><th>Fix</th></tr></thead>
<tbody>
{% for g in v.groups %}<tr><td class="code"><span class="s-{{ g.severity }}">{{ g.severity }}</span><br><code>{{ g.code }}</code></td><td><strong>{{ g.title }}</strong> · {{ g.count }}{% if !g.place.is_empty() %}<br><span class="small v">{{ g.place }}</span>{% endif %}{% if !g.message.is_empty() %}<br>{{ g.message }}{% endif %}</td><td class="small">{{ g.help }}</td></tr>
{% endfor %}</tbody>
</table>
<p class="small">Every finding, row by row, is listed in the appendix.</p>
{% endif %}</section>

<section>
<h2>Key dates</h2>
<table>
<thead><tr><th>What</th><th>When</th><th>Basis</th></tr></thead>
<tbody>
{% for d in v.dates %}<tr><td>{{ d.what }}</td><td>{{ d.when }}</td><td class="small">{{ d.basis }}</td></tr>
{% endfor %}</tbody>
</table>
</section>

<section>
<h2>Checklist</h2>
<figure>
{{ v.checklist_svg|safe }}
<figcaption>{{ v.checklist_words }}</figcaption>
</figure>
<table>
<thead><tr><th>#</th><th>Task</th><th>Status</th><th>When</th><th>Where</th></tr></thead>
<tbody>
{% for t in v.tasks %}<tr id="task-{{ t.id }}"><td class="n">{{ t.number }}</td><td>{{ t.title }}{% if !t.depends_on.is_empty() %}<br><span class="small">after: {{ t.depends_on }}</span>{% endif %}{% if !t.note.is_empty() %}<br><span class="small">{{ t.note }}</span>{% endif %}</td><td class="t-{{ t.status_class }}">{{ t.status }}</td><td>{{ t.date }}</td><td class="small v">{{ t.admin_center }}{% if !t.admin_center.is_empty() && !t.cmdlet.is_empty() %}<br>{% endif %}{% if !t.cmdlet.is_empty() %}<code>{{ t.cmdlet }}</code>{% endif %}</td></tr>
{% endfor %}</tbody>
</table>
</section>

{% if let Some(rows) = v.directory %}<section>
<h2>Directories</h2>
<table>
<thead><tr><th>The CSV compared with the exports</th><th>Count</th></tr></thead>
<tbody>
{% for (what, n) in rows %}<tr><td>{{ what }}</td><td class="n">{{ n }}</td></tr>
{% endfor %}</tbody>
</table>
</section>

{% endif %}<section>
<h2>DNS plan</h2>
{% if let Some(rows) = v.dns %}<table>
<thead><tr><th>When</th><th>Action</th><th>Record</th><th>Value</th><th>Note</th></tr></thead>
<tbody>
{% for r in rows %}<tr><td>{{ r.step }}</td><td>{{ r.action }}</td><td class="v"><code>{{ r.name }}</code><br>{{ r.record_type }}{% if !r.ttl.is_empty() %} · TTL {{ r.ttl }}{% endif %}</td><td class="v"><code>{{ r.value }}</code></td><td class="small">{{ r.note }}</td></tr>
{% endfor %}</tbody>
</table>
{% for note in v.dns_notes %}<p>{{ note }}</p>
{% endfor %}{% else %}<p>Not part of this report.</p>
{% endif %}</section>

<section class="appendix">
<h2>Appendix: every finding</h2>
{% if v.findings.is_empty() %}<p>None.</p>
{% else %}<table>
<thead><tr><th>Code</th><th>Where</th><th>Message</th></tr></thead>
<tbody>
{% for f in v.findings %}<tr><td class="code"><span class="s-{{ f.severity }}">{{ f.severity }}</span><br><code>{{ f.code }}</code></td><td class="v">{{ f.place }}</td><td>{{ f.message }}{% if !f.help.is_empty() %}<br><span class="small">Fix: {{ f.help }}</span>{% endif %}</td></tr>
{% endfor %}</tbody>
</table>
{% if !v.findings_more.is_empty() %}<p>… and {{ v.findings_more }}: the JSON report lists every one.</p>
{% endif %}{% endif %}</section>
</body>
</html>
"##
)]
struct Page<'a> {
    v: &'a View,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::{Assessment, ReportOptions, build};

    #[test]
    fn is_a_self_contained_page_without_scripts() {
        let report = build(&[], &Assessment::default(), &ReportOptions::default());
        let html = render(&report);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("@media print"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("src=") && !html.contains("href="));
        assert!(
            html.contains("v-warnings"),
            "an empty assessment has open items"
        );
    }
}
