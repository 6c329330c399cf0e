// Takes the README's screenshot of the page (www/screenshot.png) with a sample fault.
// Usage: node tests/e2e/screenshot.mjs   (after scripts/build-wasm.sh)
import { serve } from "./server.mjs";
import { launch } from "./browser.mjs";

const server = await serve();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
await page.goto(`${server.origin}/www/`);
await page.waitForSelector("body[data-ready=true]");
await page.fill(
  "#csv-text",
  "EmailAddress,Password,ForceChangePassword\r\npilarp@contoso.com,Kx8#qTz4!mWv,False\r\n" +
    "tobyn.contoso.com,Hq3$rLp9@zWe,False\r\n briant@contoso.com ,Jm5%tYu2&kPa,Yes\r\nPilarP@Contoso.com,,False\r\n",
);
await page.waitForSelector("#findings .pf-group[data-code=CSV207]");
// The error groups opened, so the screenshot shows rows as well as codes.
for (const toggle of await page.$$("#findings .pf-group[data-severity=error] .pf-toggle")) await toggle.click();
await page.screenshot({ path: new URL("../../www/screenshot.png", import.meta.url).pathname, fullPage: true });
await browser.close();
await server.close();
