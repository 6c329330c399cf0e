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
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b; background: #fff; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #bbb; padding-bottom: .2rem; }
.meta { color: #555; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #c8c8c8; padding: .3rem .45rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f2f2; }
td.n { text-align: right; white-space: nowrap; overflow-wrap: normal; }
td.when { white-space: nowrap; }
.verdict { display: inline-block; padding: .15rem .6rem; border: 2px solid; border-radius: .3rem; font-weight: 700; text-transform: uppercase; }
.v-blocked { color: #8a1111; border-color: #8a1111; background: #fdecec; }
.v-warnings { color: #6b4600; border-color: #6b4600; background: #fff4dc; }
.v-ready { color: #145a1e; border-color: #145a1e; background: #e8f6ea; }
.s-error, .t-blocked { color: #8a1111; font-weight: 600; }
.s-warning { color: #6b4600; font-weight: 600; }
.t-done { color: #145a1e; font-weight: 600; }
.small { font-size: .9em; color: #444; }
code { font-family: ui-monospace, Consolas, "Courier New", monospace; font-size: .92em; }
@page { size: A4; margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  tr, .verdict { break-inside: avoid; }
  thead { display: table-header-group; }
}
</style>
</head>
<body>
<header>
<h1>{{ v.title }}</h1>
<p class="meta">{{ v.subtitle }}</p>
</header>

<section>
<h2>Verdict: <span class="verdict v-{{ v.verdict }}">{{ v.verdict }}</span></h2>
<ul>
{% for reason in v.reasons %}<li>{{ reason }}</li>
{% endfor %}</ul>
<p>{{ v.summary }}</p>
<table>
<thead><tr><th>Findings</th>{% for (label, _) in v.by_severity %}<th>{{ label }}</th>{% endfor %}{% for (label, _) in v.by_area %}<th>{{ label }}</th>{% endfor %}</tr></thead>
<tbody><tr><td>count</td>{% for (_, n) in v.by_severity %}<td class="n">{{ n }}</td>{% endfor %}{% for (_, n) in v.by_area %}<td class="n">{{ n }}</td>{% endfor %}</tr></tbody>
</table>
</section>

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
<table>
<thead><tr><th>#</th><th>Task</th><th>Status</th><th>When</th><th>Where</th><th>After</th></tr></thead>
<tbody>
{% for t in v.tasks %}<tr id="task-{{ t.id }}"><td class="n">{{ t.number }}</td><td>{{ t.title }}{% if !t.note.is_empty() %}<br><span class="small">{{ t.note }}</span>{% endif %}</td><td class="t-{{ t.status_class }}">{{ t.status }}</td><td class="when">{{ t.date }}</td><td class="small">{{ t.admin_center }}{% if !t.admin_center.is_empty() && !t.cmdlet.is_empty() %}<br>{% endif %}{% if !t.cmdlet.is_empty() %}<code>{{ t.cmdlet }}</code>{% endif %}</td><td class="small">{{ t.depends_on }}</td></tr>
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
<h2>Findings</h2>
{% if v.findings.is_empty() %}<p>None.</p>
{% else %}<table>
<thead><tr><th>Severity</th><th>Code</th><th>Where</th><th>Message</th><th>Fix</th></tr></thead>
<tbody>
{% for f in v.findings %}<tr><td class="s-{{ f.severity }}">{{ f.severity }}</td><td><code>{{ f.code }}</code></td><td>{{ f.place }}</td><td>{{ f.message }}</td><td class="small">{{ f.help }}</td></tr>
{% endfor %}</tbody>
</table>
{% endif %}</section>

<section>
<h2>DNS plan</h2>
{% if let Some(rows) = v.dns %}<table>
<thead><tr><th>When</th><th>Action</th><th>Name</th><th>Type</th><th>Value</th><th>TTL</th><th>Note</th></tr></thead>
<tbody>
{% for r in rows %}<tr><td>{{ r.step }}</td><td>{{ r.action }}</td><td><code>{{ r.name }}</code></td><td>{{ r.record_type }}</td><td><code>{{ r.value }}</code></td><td class="n">{{ r.ttl }}</td><td class="small">{{ r.note }}</td></tr>
{% endfor %}</tbody>
</table>
{% for note in v.dns_notes %}<p>{{ note }}</p>
{% endfor %}{% else %}<p>Not part of this report.</p>
{% endif %}</section>
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
