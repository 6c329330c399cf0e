// The whole flow with the keyboard only (page.keyboard, no clicks): Tab to the drop zone
// and open the file chooser with Enter and with Space, paste a CSV, load the example,
// reach each step from the step list, filter, expand a finding and a details section,
// and download files. The findings steps stay generic (page-scale's findings view
// replaces the table): Tab reaches something inside #findings that expands, and
// Enter/Space on it changes its aria-expanded (or its <details>' open state).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";

let server, browser, page;

before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.newPage({ acceptDownloads: true });
  // File choosers are intercepted from the start: one that opens before a test's
  // waitForEvent has switched interception on would be a real dialog, never reported.
  page.on("filechooser", () => {});
  await page.goto(`${server.origin}/www/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** What has the focus, for messages. */
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}"` : "nothing";
  });

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(selector, max = 300) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}; the focus is on ${await focused()}`);
}

/** Starts from the top of the page, nothing focused. */
async function fromTop() {
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
}

const verdict = () => page.getAttribute("#result", "data-verdict");

test("Tab reaches the drop zone; Enter and Space each open the file chooser", async () => {
  for (const key of ["Enter", "Space"]) {
    // A fresh page each time: a chooser left unanswered keeps the next from opening.
    await page.reload();
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    await fromTop();
    await tabTo("#dropzone");
    const chooser = page.waitForEvent("filechooser", { timeout: 5_000 });
    await page.keyboard.press(key);
    const opened = await chooser.catch(() => assert.fail(`${key} on the drop zone opened no file chooser`));
    assert.equal(opened.isMultiple(), true, key);
    // Choose a file with a fault: it is checked like a dropped one.
    await opened.setFiles({
      name: `keyboard-${key}.csv`,
      mimeType: "text/csv",
      buffer: Buffer.from("EmailAddress\r\npilarp@contoso.com\r\ntobyn.contoso.com\r\n"),
    });
    await page.waitForFunction(() => document.querySelector("#result")?.dataset.verdict === "blocked");
    assert.match(await page.textContent("#input-files"), new RegExp(`keyboard-${key}\\.csv`));
  }
});

test("Space on a drop zone opens the chooser without scrolling the page", async () => {
  // No smooth scrolling: the scroll that brings the focused zone into view is over before
  // the position is read, and a scroll by Space would be whole at once.
  await page.emulateMedia({ reducedMotion: "reduce" });
  for (const zone of ["#dropzone", "#onprem-zone", "#cloud-zone"]) {
    // A fresh page each time: a chooser left unanswered keeps the next from opening.
    await page.reload();
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    // Tall enough to scroll by a screen whatever the window's size.
    await page.evaluate(() => {
      const filler = document.createElement("div");
      filler.style.height = `${3 * window.innerHeight}px`;
      document.body.append(filler);
    });
    await fromTop();
    await tabTo(zone);
    const before = await page.evaluate(() => window.scrollY);
    const chooser = page.waitForEvent("filechooser", { timeout: 5_000 });
    await page.keyboard.press("Space");
    await chooser.catch(() => assert.fail(`Space on ${zone} opened no file chooser`));
    // A scroll, if any, happens after the keydown's default action: give it a frame.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await page.evaluate(() => window.scrollY), before, `Space on ${zone} scrolled the page`);
  }
  await page.emulateMedia({ reducedMotion: null });
});

test("paste a CSV into the text box, then load the example, from the keyboard", async () => {
  await fromTop();
  await tabTo("#csv-text");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText("EmailAddress,Password,ForceChangePassword\nann@contoso.com,Kx9!mQ2#vLp7,False\n");
  await page.waitForFunction(() => /1 mailbox in 1 file/.test(document.querySelector("#summary")?.textContent ?? ""));
  assert.notEqual(await verdict(), "blocked");
  await fromTop();
  await tabTo("#example");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /3 mailboxes in 1 file/.test(document.querySelector("#summary")?.textContent ?? ""));
});

test("each step is reached from the step list, and Tab goes on inside it", async () => {
  for (const [link, step] of [
    ["Fix and split", "step-fix"],
    ["Plan DNS", "step-dns"],
    ["Report and runbook", "step-report"],
    ["Check", "step-check"],
  ]) {
    await fromTop();
    await tabTo(`.steps a[href="#${step}"]`);
    assert.equal((await page.evaluate(() => document.activeElement.textContent)).trim(), link);
    await page.keyboard.press("Enter");
    await page.waitForFunction((s) => location.hash === `#${s}`, step);
    await page.keyboard.press("Tab");
    const inside = await page.evaluate((s) => document.getElementById(s).contains(document.activeElement), step);
    assert.ok(inside, `after ${link}, Tab went to ${await focused()}`);
  }
});

test("a severity filter toggles with Space", async () => {
  await fromTop();
  await tabTo("#result input[type=checkbox]");
  const before = await page.evaluate(() => document.activeElement.checked);
  await page.keyboard.press("Space");
  assert.equal(await page.evaluate(() => document.activeElement.checked), !before);
  await page.keyboard.press("Space");
  assert.equal(await page.evaluate(() => document.activeElement.checked), before);
});

test("a finding expands and collapses with Enter and Space", async () => {
  // A password in the address column: its finding has something to expand (the cell).
  await fromTop();
  await tabTo("#csv-text");
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(
    "EmailAddress,Password,ForceChangePassword\npilarp@contoso.com;Sommer2024!;True\ntobyn.contoso.com,short,Yes\n",
  );
  await page.waitForFunction(() => document.querySelector("#result")?.dataset.verdict === "blocked");
  await fromTop();
  const expander = "#findings :is([aria-expanded], summary)";
  await tabTo(expander);
  const state = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return el.hasAttribute("aria-expanded") ? el.getAttribute("aria-expanded") : String(el.parentElement.open);
    });
  const closed = await state();
  await page.keyboard.press("Enter");
  const opened = await state();
  assert.notEqual(opened, closed, `Enter on ${await focused()}`);
  await page.keyboard.press("Space");
  assert.equal(await state(), closed, `Space on ${await focused()}`);
});

test("a details section opens with Enter", async () => {
  await fromTop();
  await tabTo("#directory-commands summary");
  assert.equal(await page.evaluate(() => document.getElementById("directory-commands").open), false);
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.getElementById("directory-commands").open), true);
});

test("downloads start from the keyboard: the corrected CSV, a batch, the report", async () => {
  await fromTop();
  await tabTo("#example");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#result")?.dataset.verdict !== "blocked");
  const names = [];
  const press = async (key) => {
    const download = page.waitForEvent("download", { timeout: 10_000 });
    await page.keyboard.press(key);
    names.push((await download).suggestedFilename());
  };
  await tabTo("#fix");
  await press("Enter");
  await tabTo("#split");
  await page.keyboard.press("Enter");
  await tabTo("#batches a");
  await press("Enter");
  await tabTo("#report");
  await press("Enter");
  assert.equal(names.length, 3);
  assert.match(names[0], /\.csv$/);
  assert.match(names[1], /^Batch-01\.csv$/);
  assert.match(names[2], /\.html$/);
});
