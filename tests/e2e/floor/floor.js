// See index.html: the check module, Microsoft's example, one line of result.
import init, { checkCsv, exampleCsv } from "../../../pkg/migration_preflight.js";

await init();
const report = checkCsv(new TextEncoder().encode(exampleCsv()), {});
document.getElementById("summary").textContent = `${report.verdict}: ${report.findings.length} findings`;
performance.mark("example-result");
document.body.dataset.ready = "true";
