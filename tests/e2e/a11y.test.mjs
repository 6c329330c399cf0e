// Accessibility: axe-core finds no serious or critical violation in any state of the page
// a visitor can reach (empty, results, errors shown, filters, each step opened: fix and
// split, DNS, the assessment form, the report), in the light and in the dark colour
// scheme. The findings checks stay generic (page-scale's findings view replaces the
// table): whatever #findings draws is checked as it is.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";
import { seriousViolations } from "./axe.mjs";

let server, browser, page;

before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.newPage({ acceptDownloads: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The violations in both colour schemes, each prefixed with its scheme. */
async function bothSchemes() {
  const found = [];
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    for (const v of await seriousViolations(page)) found.push(`${colorScheme}: ${v}`);
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** The page freshly opened, the example checked. */
async function open() {
  await page.goto(`${server.origin}/www/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
}

/** Drops files on the drop zone the way a browser does. */
async function drop(files) {
  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const { name, text } of files) transfer.items.add(new File([text], name, { type: "text/csv" }));
    document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

test("empty: the page as first drawn, before the checker has started", async () => {
  // Hold the wasm back until axe has looked at the page without results.
  let release;
  const held = new Promise((r) => (release = r));
  await page.route("**/migration_preflight_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${server.origin}/www/`, { waitUntil: "domcontentloaded" });
  assert.equal(await page.isHidden("#result"), true, "no results yet");
  const found = await bothSchemes();
  release();
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  await page.unroute("**/migration_preflight_bg.wasm");
  assert.deepEqual(found, []);
});

test("results: Microsoft's example checked", async () => {
  await page.click("#example");
  await page.waitForSelector("#result:not([hidden])");
  assert.deepEqual(await bothSchemes(), []);
});

test("errors shown: a file with faults, its findings expanded, and a field that cannot be read", async () => {
  await drop([
    {
      name: "batch1.csv",
      text: "EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com;Sommer2024!;True\r\ntobyn.contoso.com,short,Yes\r\ntobyn.contoso.com,Another1!pass,True\r\n",
    },
  ]);
  await page.waitForFunction(() => document.querySelector("#result")?.dataset.verdict === "blocked");
  // Open whatever the findings offer to open: details, and buttons that expand.
  await page.evaluate(() => {
    for (const d of document.querySelectorAll("#findings details")) d.open = true;
    for (const b of document.querySelectorAll("#findings [aria-expanded=false]")) b.click();
  });
  await page.fill("#dns-ttl", "an hour");
  await page.locator("#dns-ttl").blur();
  await page.waitForSelector("[aria-invalid=true]");
  assert.deepEqual(await bothSchemes(), []);
  await page.fill("#dns-ttl", "");
  await page.locator("#dns-ttl").blur();
});

test("filters: one severity hidden", async () => {
  const box = page.locator(".filters input[type=checkbox]").first();
  if ((await box.count()) > 0) await box.uncheck();
  assert.deepEqual(await bothSchemes(), []);
  if ((await box.count()) > 0) await box.check();
});

test("fix and split: the corrected file's changes and the batches listed", async () => {
  await page.click("#example");
  await page.waitForFunction(() => document.querySelector("#result")?.dataset.verdict !== "blocked");
  const download = page.waitForEvent("download");
  await page.click("#fix");
  await download;
  await page.waitForSelector("#fix-result:not([hidden])");
  await page.click("#split");
  await page.waitForSelector("#batches li");
  assert.deepEqual(await bothSchemes(), []);
});

test("DNS: the plan drawn and the comparison opened", async () => {
  await page.fill("#domains", "contoso.com");
  await page.locator("#domains").blur();
  await page.click("#dns-plan");
  await page.waitForSelector("#dns-output table");
  await page.click("#dns-compare-details summary");
  await page.fill("#dns-zone", "$ORIGIN contoso.com.\n@ 3600 IN MX 10 mail.contoso.com.\n");
  await page.click("#dns-compare");
  await page.waitForFunction(() => document.querySelector("#dns-output")?.textContent.length > 0);
  assert.deepEqual(await bothSchemes(), []);
});

test("assessment: the form opened with the example answers", async () => {
  await page.click("#assessment-details summary");
  await page.click("#assessment-example");
  await page.waitForSelector("#assessment-result:not([hidden])");
  assert.deepEqual(await bothSchemes(), []);
});

test("report: the report made and its note shown", async () => {
  const download = page.waitForEvent("download");
  await page.click("#report");
  await download;
  await page.waitForSelector("#report-result:not([hidden])");
  assert.deepEqual(await bothSchemes(), []);
});

/** The relative luminance of a computed `rgb(…)` colour (WCAG's formula). */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test("the dark scheme is dark (so the contrast checks above saw dark colours)", async () => {
  await open();
  const colours = async (colorScheme) => {
    await page.emulateMedia({ colorScheme });
    return page.evaluate(() => ({
      page: getComputedStyle(document.documentElement).backgroundColor,
      text: getComputedStyle(document.body).color,
      step: getComputedStyle(document.querySelector(".step")).backgroundColor,
      button: getComputedStyle(document.querySelector("button")).color,
    }));
  };
  const light = await colours("light");
  const dark = await colours("dark");
  await page.emulateMedia({ colorScheme: null });
  assert.ok(luminance(light.page) > 0.8 && luminance(light.step) > 0.8, JSON.stringify(light));
  assert.ok(luminance(dark.page) < 0.05 && luminance(dark.step) < 0.05, JSON.stringify(dark));
  assert.ok(luminance(dark.text) > 0.6 && luminance(dark.button) > 0.6, JSON.stringify(dark));
});

test("reduced motion: no transition, animation or smooth scrolling", async () => {
  await open();
  const motion = async (reducedMotion) => {
    await page.emulateMedia({ reducedMotion });
    return page.evaluate(() => {
      // An element that asks for motion, as a progress bar or a panel might.
      const probe = document.createElement("div");
      probe.style.transition = "opacity 2s";
      probe.style.animation = "spin 3s infinite";
      document.body.append(probe);
      const style = getComputedStyle(probe);
      const seen = {
        scroll: getComputedStyle(document.documentElement).scrollBehavior,
        transition: style.transitionDuration,
        animation: style.animationDuration,
        iterations: style.animationIterationCount,
      };
      probe.remove();
      return seen;
    });
  };
  const moving = await motion("no-preference");
  const still = await motion("reduce");
  await page.emulateMedia({ reducedMotion: null });
  assert.deepEqual(moving, { scroll: "smooth", transition: "2s", animation: "3s", iterations: "infinite" });
  assert.equal(still.scroll, "auto");
  assert.ok(parseFloat(still.transition) <= 0.00001, still.transition);
  assert.ok(parseFloat(still.animation) <= 0.00001, still.animation);
  assert.equal(still.iterations, "1");
});

test("every control the keyboard reaches shows a focus outline of at least 2 px", async () => {
  await open();
  const seen = [];
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      // A visually hidden file input is drawn as its label: the outline is the label's.
      const box = el.getBoundingClientRect();
      const drawn = box.width < 4 && el.id ? document.querySelector(`label[for="${el.id}"]`) ?? el : el;
      const style = getComputedStyle(drawn);
      const name = el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}${el.textContent ? ` "${el.textContent.trim().slice(0, 30)}"` : ""}`;
      return { name, style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    if (!stop || (seen.length > 0 && stop.name === seen[0].name)) break;
    seen.push(stop);
  }
  assert.ok(seen.length > 20, `only ${seen.length} stops: ${seen.map((s) => s.name).join(", ")}`);
  const bad = seen.filter((s) => s.style === "none" || s.style === "auto" || s.width < 2);
  assert.deepEqual(bad, []);
  assert.ok(seen.some((s) => s.name === "#dropzone"), "the drop zone is a Tab stop");
  assert.ok(seen.some((s) => s.name === "#assessment-file"), "loading answers is a Tab stop");
});
