// Reading the grouped findings (www/findings-view.js) in a test: every group expanded,
// every page of rows drawn, then one object per finding row.

/**
 * Expands every group under `root` (all its rows, past "Show more") and returns the
 * findings as { severity, file, row, column, code, message }; `message` is the
 * message's own text, without the local value behind its disclosure.
 */
export async function readFindings(page, root = "#findings") {
  return page.$eval(root, (container) => {
    for (const button of container.querySelectorAll(".pf-toggle[aria-expanded=false]")) button.click();
    for (const more of container.querySelectorAll(".pf-more")) while (!more.closest(".pf-more-line").hidden) more.click();
    return [...container.querySelectorAll("tr.pf-finding")].map((tr) => {
      const cell = (name) => tr.querySelector(`td.pf-${name}`)?.firstChild?.textContent ?? "";
      return { severity: tr.dataset.severity, file: cell("file"), row: cell("row"), column: cell("column"), code: tr.dataset.code, message: cell("message") };
    });
  });
}
