// The example portal's script (www/embed.html): shows the last report of
// <migration-preflight> outside the element, from its preflight-report event.
import { summaryLine } from "./component.js";

const last = document.getElementById("last-report");
document.addEventListener("preflight-report", (event) => {
  const report = event.detail;
  const verdict = { ready: "Ready", warnings: "Warnings", blocked: "Blocked" }[report.verdict] ?? report.verdict;
  last.textContent = `${verdict}: ${summaryLine(report.summary)}`;
  last.dataset.verdict = report.verdict;
});
