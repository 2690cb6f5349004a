// Drives the ward page in headless Debian Chromium (playwright-core) through a chat.
// Input (environment): PAGE_URL, ALLOW_HOSTS (host:port list besides the page's), STEPS (JSON list of {say, expect} or {click, expect}),
// SCREENSHOT (path). Output: a JSON report on stdout; exit code 1 on any failure.
import { chromium } from "playwright-core";

const pageUrl = process.env.PAGE_URL;
const steps = JSON.parse(process.env.STEPS || "[]");
const screenshot = process.env.SCREENSHOT || "webchat.png";
const timeout = Number(process.env.STEP_TIMEOUT_MS || 60000);

const report = { steps: [], console: [], blocked: [], transcript: [], reloaded: [] };

const botTexts = (page) =>
  page.$$eval(".rw-response .rw-message-text", (nodes) => nodes.map((n) => n.innerText));

async function waitForBotText(page, expected, before) {
  await page.waitForFunction(
    ({ expected, before }) => {
      const texts = [...document.querySelectorAll(".rw-response .rw-message-text")].map(
        (n) => n.innerText
      );
      return texts.slice(before).some((t) => t.includes(expected));
    },
    { expected, before },
    { timeout }
  );
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking"],
});
let failed = false;
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
try {
  page.on("console", (m) => report.console.push(`${m.type()}: ${m.text()}`));
  // Nothing may leave the machine: record and abort any request to another host.
  const allowed = new Set([new URL(pageUrl).host, ...(process.env.ALLOW_HOSTS || "").split(",")]);
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (allowed.has(url.host) || url.protocol === "data:") return route.continue();
    report.blocked.push(url.href);
    return route.abort();
  });
  await page.goto(pageUrl);
  await page.click(".rw-launcher");
  for (const step of steps) {
    const before = (await botTexts(page)).length;
    if (step.say !== undefined) {
      await page.fill(".rw-new-message", step.say);
      await page.click(".rw-send");
    } else if (step.click !== undefined) {
      await page.locator(".rw-reply", { hasText: step.click }).last().click();
    }
    if (step.expect) await waitForBotText(page, step.expect, step.say === undefined && step.click === undefined ? 0 : before);
    report.steps.push({ ...step, ok: true, buttons: await page.$$eval(".rw-reply", (b) => b.map((x) => x.innerText)) });
  }
  report.transcript = await botTexts(page);
  await page.screenshot({ path: screenshot, fullPage: false });
  // Persistent session: after a reload the conversation is still there.
  await page.reload();
  await page.waitForSelector(".rw-launcher, .rw-conversation-container", { timeout });
  if (!(await page.$(".rw-conversation-container"))) await page.click(".rw-launcher");
  await page.waitForFunction(
    (n) => document.querySelectorAll(".rw-response .rw-message-text").length >= n,
    report.transcript.length,
    { timeout }
  );
  report.reloaded = await botTexts(page);
} catch (error) {
  failed = true;
  report.error = String(error && error.stack ? error.stack : error);
  report.transcript = await botTexts(page).catch(() => []);
  await page.screenshot({ path: screenshot }).catch(() => {});
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
process.exit(failed ? 1 : 0);
