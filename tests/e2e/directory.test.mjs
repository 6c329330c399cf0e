// The directory drop zones end to end: exports dropped on the two optional zones are
// compared with the dropped CSV, findings name rows (never addresses), the counts show,
// and no request leaves the page's own server.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";
import { readFindings } from "./findings.mjs";

const fixture = (name) =>
  readFileSync(new URL(`../fixtures/directory/${name}`, import.meta.url), "utf8");

let server, browser, page;
const foreign = [];

before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(server.origin) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  await page.goto(`${server.origin}/www/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Drops files on the element with this id, as a browser does. */
async function drop(id, files) {
  await page.evaluate(
    ({ id, files }) => {
      const transfer = new DataTransfer();
      for (const { name, text } of files) transfer.items.add(new File([text], name, { type: "text/csv" }));
      document.getElementById(id).dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { id, files },
  );
}

function findings() {
  return readFindings(page);
}

test("exports dropped on the two zones are compared with the CSV", async () => {
  await drop("onprem-zone", [{ name: "onprem.csv", text: fixture("onprem.csv") }]);
  await drop("cloud-zone", [
    { name: "cloud-mailusers.csv", text: fixture("cloud-mailusers.csv") },
    { name: "cloud-mailboxes.csv", text: fixture("cloud-mailboxes.csv") },
    { name: "migration-users.csv", text: fixture("migration-users.csv") },
  ]);
  assert.match(await page.textContent("#onprem-files"), /onprem\.csv/);
  await drop("dropzone", [{ name: "migration.csv", text: fixture("migration.csv") }]);
  await page.waitForSelector("#findings .pf-group[data-code=DIR001]");
  const all = await findings();
  const at = (code) => all.filter((f) => f.code === code).map((f) => f.row);
  assert.deepEqual(at("DIR001"), ["3"]);
  assert.deepEqual(at("DIR006"), ["8"]);
  assert.deepEqual(at("DIR009"), ["11"]);
  for (const f of all.filter((f) => f.code.startsWith("DIR"))) {
    assert.ok(!f.message.includes("@"), `${f.code}: ${f.message}`);
  }
  assert.match(await page.textContent("#summary"), /14 mailboxes in 1 file/);
  assert.match(await page.textContent("#directory-summary"), /14 CSV rows compared, 10 matched on premises, 1 missing on premises/);
});

test("the quota choice re-runs the check and forgetting the exports removes them", async () => {
  assert.ok((await findings()).some((f) => f.code === "DIR010"));
  await page.selectOption("#mailbox-quota", "100");
  await page.waitForFunction(() => !document.querySelector("#findings .pf-group[data-code=DIR010]"));
  await page.click("#directories-clear");
  await page.waitForFunction(() => !document.querySelector("#findings .pf-group[data-code=DIR001]"));
  assert.equal(await page.isHidden("#directory-summary"), true);
});

test("the commands that make the exports are on the page", async () => {
  const text = await page.textContent("#directory-commands");
  for (const command of ["Get-Mailbox -ResultSize Unlimited", "Get-MailboxStatistics", "csvde -f", "Get-MailUser", "Get-MigrationUser"]) {
    assert.ok(text.includes(command), command);
  }
});

test("no request left the page's own server", () => {
  assert.deepEqual(foreign, []);
});

test("checkFiles and readinessReport with exports match their TypeScript declarations", async () => {
  const { writeFileSync, mkdtempSync, copyFileSync } = await import("node:fs");
  const { execFileSync } = await import("node:child_process");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const { fileURLToPath } = await import("node:url");
  const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));
  const tsc = fileURLToPath(new URL("node_modules/typescript/bin/tsc", import.meta.url));
  const wasm = await import(join(pkg, "migration_preflight_plan.js"));
  wasm.initSync({ module: readFileSync(join(pkg, "migration_preflight_plan_bg.wasm")) });
  const bytes = (name) => new TextEncoder().encode(fixture(name));
  const files = [{ name: "migration.csv", bytes: bytes("migration.csv") }];
  const options = {
    onprem: { name: "onprem.csv", bytes: bytes("onprem.csv") },
    cloud: [{ name: "cloud-mailusers.csv", bytes: bytes("cloud-mailusers.csv") }],
    mailboxQuotaGb: 100,
  };
  const report = wasm.checkFiles(files, options);
  assert.equal(report.directory.rowsCompared, 14);
  const readiness = wasm.readinessReport(files, "", { ...options, now: "2025-03-01T09:00:00Z" });
  assert.equal(readiness.directory.mailboxQuotaGb, 100);
  const dir = mkdtempSync(join(tmpdir(), "mp-dir-types-"));
  copyFileSync(join(pkg, "migration_preflight_plan.d.ts"), join(dir, "migration_preflight_plan.d.ts"));
  const source = [
    'import type { Report, ReadinessReport, CheckOptions } from "./migration_preflight_plan";',
    `export const report: Report = ${JSON.stringify(report)};`,
    `export const readiness: ReadinessReport = ${JSON.stringify(readiness)};`,
    'export const options: CheckOptions = { domains: ["contoso.com"], onprem: [{ name: "a.csv", bytes: new Uint8Array() }], cloud: { name: "b.csv", bytes: new Uint8Array() }, mailboxQuotaGb: 50 };',
  ];
  writeFileSync(join(dir, "check.ts"), source.join("\n"));
  try {
    execFileSync(process.execPath, [tsc, "--strict", "--noEmit", "--target", "es2020", "--moduleResolution", "node", join(dir, "check.ts")], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc rejected the results:\n${e.stdout}`);
  }
});
