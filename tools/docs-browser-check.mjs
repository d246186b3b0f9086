// Open the HTML API reference in headless Chromium and report what it shows.
//
//   node tools/docs-browser-check.mjs URL SCREENSHOT_PNG REPORT_JSON
//
// Drives Debian's Chromium (CHROMIUM, default /usr/bin/chromium) through the
// pinned playwright-core; it never downloads a browser. Opens URL in a fresh
// profile, expands every tag group of the sidebar and collects the operations
// listed there, opens each operation and records whether its heading is shown,
// then saves a screenshot of the first operation. Writes REPORT_JSON:
//   { title, groups, operations: [{group, label, method, href, rendered}], searchReady,
//     consoleErrors, pageErrors, failedRequests, externalRequests }
// Requests that leave the page's origin are aborted (nothing leaves the machine)
// and listed in externalRequests; tests/share/test_docs.py judges the report.
// Exit code 0 when the report was written, 1 when the browser run itself broke.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const [url, screenshot, reportPath] = process.argv.slice(2);
if (!url || !screenshot || !reportPath) {
  console.error("usage: node tools/docs-browser-check.mjs URL SCREENSHOT_PNG REPORT_JSON");
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const origin = new URL(url).origin;
const STEP_TIMEOUT = 15_000;

const report = {
  url,
  title: "",
  groups: [],
  operations: [],
  searchReady: false,
  consoleErrors: [],
  pageErrors: [],
  failedRequests: [],
  externalRequests: [],
};

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "docs-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  // Same-origin, blob: and data: URLs are the page itself; anything else is aborted and reported.
  await context.route("**/*", (route) => {
    const target = route.request().url();
    if (target.startsWith(origin + "/") || /^(blob|data):/.test(target)) return route.continue();
    report.externalRequests.push(target);
    return route.abort("blockedbyclient");
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (msg) => {
    if (msg.type() === "error") {
      const where = msg.location()?.url ? ` (${msg.location().url})` : "";
      report.consoleErrors.push(msg.text() + where);
    }
  });
  page.on("pageerror", (err) => report.pageErrors.push(String(err && err.stack ? err.stack : err)));
  page.on("requestfailed", (req) => {
    if (!report.externalRequests.includes(req.url())) {
      report.failedRequests.push(`${req.url()}: ${req.failure()?.errorText}`);
    }
  });

  await page.goto(url, { waitUntil: "networkidle", timeout: 60_000 });
  report.title = await page.title();

  // Tag groups of the sidebar. Redoc renders a group's operations only while the
  // group is open (and closes others as the page scrolls), so open them one by one.
  const groupLinks = page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-group > a');
  const groupCount = await groupLinks.count();
  for (let i = 0; i < groupCount; i++) {
    const link = groupLinks.nth(i);
    const name = (await link.innerText()).trim();
    report.groups.push(name);
    const item = page.locator('[data-component-name="Menu/MenuItem"].menu-item-type-group').nth(i);
    const ops = item.locator('[data-component-name="Menu/MenuItem"].menu-item-type-operation');
    if ((await ops.count()) === 0) await link.click();
    await ops.first().waitFor({ state: "visible", timeout: STEP_TIMEOUT });
    const listed = await ops.evaluateAll((els) =>
      els.map((el) => ({
        label: el.querySelector("[data-text]")?.getAttribute("data-text") ?? "",
        method: (el.querySelector('[data-component-name="Tags/HttpTag"]')?.textContent ?? "").trim().toUpperCase(),
        href: el.querySelector("a")?.getAttribute("href") ?? "",
      })),
    );
    for (const op of listed) report.operations.push({ group: name, ...op, rendered: false });
  }

  // Open each operation through its link and wait for its heading in the middle panel.
  for (const op of report.operations) {
    if (!op.href.startsWith("#")) continue;
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, op.href);
    const escaped = op.label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const exact = new RegExp(`^\\s*${escaped}\\s*$`);
    const heading = page
      .locator('[data-testid="middle-panel"] h1, [data-testid="middle-panel"] h2')
      .filter({ hasText: exact })
      .first();
    try {
      await heading.waitFor({ state: "visible", timeout: STEP_TIMEOUT });
      op.rendered = true;
    } catch {
      op.rendered = false;
    }
  }

  // Screenshot: the first operation, in a fresh load of the page at its link.
  const first = report.operations[0];
  if (first) {
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, first.href);
    await page.reload({ waitUntil: "networkidle", timeout: 60_000 });
    await page
      .locator('[data-testid="middle-panel"] h1, [data-testid="middle-panel"] h2')
      .filter({ hasText: first.label })
      .first()
      .waitFor({ state: "visible", timeout: STEP_TIMEOUT });
  }
  // The search box reads "Loading..." until its index (built in a worker) is ready.
  report.searchReady = await page
    .waitForFunction(() => ![...document.querySelectorAll("span")].some((el) => el.textContent === "Loading..."), null, {
      timeout: STEP_TIMEOUT,
    })
    .then(() => true)
    .catch(() => false);
  await page.waitForTimeout(300);
  fs.mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
} catch (err) {
  report.pageErrors.push(`browser check aborted: ${err && err.stack ? err.stack : err}`);
  fs.writeFileSync(reportPath, JSON.stringify(report, null, 2));
  await context?.close().catch(() => {});
  fs.rmSync(profile, { recursive: true, force: true });
  console.error(String(err && err.stack ? err.stack : err));
  process.exit(1);
}
await context.close();
fs.rmSync(profile, { recursive: true, force: true });
fs.writeFileSync(reportPath, JSON.stringify(report, null, 2));
console.log(`docs browser check: ${report.operations.length} operations listed; report in ${reportPath}`);
