// axe-core in the page under test: the accessibility rules every state must pass.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core on the page (or on `selector` only) and returns the violations whose
 * impact is serious or critical, each as "rule-id: target, target" for a readable
 * assertion message. Works in shadow roots too (axe walks open shadow DOM).
 */
export async function seriousViolations(page, selector) {
  // Evaluated through the DevTools protocol, not added as a <script>: the page's CSP
  // (script-src 'self') refuses inline scripts, and so would a portal's.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  const results = await page.evaluate(
    (selector) => window.axe.run(selector ? document.querySelector(selector) : document, {
      resultTypes: ["violations"],
    }),
    selector ?? null,
  );
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
