import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadOrgConfig } from '../../src/org-settings';
import { openDatabase } from '../../src/store/open-database';
import { seedDemoPortfolio } from '../../scripts/demo-portfolio';
import { launchBrowser } from './playground-page';

/**
 * E2E of the dashboard tab in local dev mode: seeds the demo portfolio into a fresh embedded database, starts the built
 * bot on it (no BOT_ID, loopback), and checks in Chromium that every panel renders with data, the charts are SVG, the
 * inventory lists the cases, a person outside the CoE sees no inventory rows, and the page logs no console errors.
 * Screenshots go to test-results/e2e/dashboard-*.png.
 */
const ROOT = path.resolve(__dirname, '../../..');
const SHOTS = path.join(ROOT, 'test-results/e2e');
const ALEX = '00000000-0000-0000-0000-0000000000020';
const PANELS = [
  'funnel',
  'production',
  'cost',
  'satisfaction',
  'review-sla',
  'knowledge',
  'announcements',
  'inventory',
];
const FLUENT_ELEMENTS = ['fluent-button', 'fluent-select', 'fluent-option', 'fluent-card', 'fluent-anchor'];
const CHART_PANELS = ['funnel', 'production', 'cost', 'satisfaction', 'review-sla'];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new Error(message);
  process.stdout.write(`  ok  ${message}\n`);
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coe-dashboard-e2e-'));
  const db = await openDatabase({ dataDir });
  const summary = await seedDemoPortfolio(db, loadOrgConfig(path.join(ROOT, 'config/coe.yaml')));
  await db.close();
  process.stdout.write(`seeded ${summary.useCases} use cases\n`);
  const port = await freePort();
  const bot: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'dist/src/index.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      BOT_ID: '',
      DATABASE_URL: '',
      COE_DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const browser = await launchBrowser();
  try {
    for (let i = 0; ; i += 1) {
      const ok = await fetch(`${base}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (i > 600) throw new Error('the bot did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.route('**/*', (route) =>
      ['127.0.0.1', 'localhost'].includes(new URL(route.request().url()).hostname) ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    fs.mkdirSync(SHOTS, { recursive: true });

    await page.goto(`${base}/tab/dashboard`);
    await page.getByText('choose who you are').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-chooser.png'), fullPage: true });
    await page.locator(`a[href="/tab/dashboard?as=${ALEX}"]`).click();
    await page.locator('[data-panel="inventory"]').waitFor();
    // The Fluent UI web components come from the bot itself (every other host is blocked above) and must all upgrade.
    await page.waitForFunction((names) => names.every((n) => customElements.get(n)), FLUENT_ELEMENTS, {
      timeout: 15_000,
    });
    for (const name of FLUENT_ELEMENTS)
      check(await page.evaluate((n) => customElements.get(n) !== undefined, name), `${name} is defined`);
    check(
      (await page.locator('fluent-card[data-panel]').count()) === PANELS.length &&
        (await page.locator('fluent-select[name="stage"] fluent-option').count()) > 3,
      'panels are fluent-cards and the filters fluent-selects',
    );
    for (const id of PANELS) check((await page.locator(`[data-panel="${id}"]`).count()) === 1, `panel ${id} is shown`);
    for (const id of CHART_PANELS) {
      const bars = await page.locator(`[data-panel="${id}"] svg path, [data-panel="${id}"] svg rect`).count();
      check(
        (await page.locator(`[data-panel="${id}"] svg`).count()) >= 1 && bars > 3,
        `panel ${id} has an SVG chart with data (${bars} shapes)`,
      );
    }
    const rows = await page.locator('[data-panel="inventory"] tbody tr').count();
    check(rows === summary.useCases, `the inventory lists all ${summary.useCases} cases (${rows} rows)`);
    const kText = await page.locator('[data-panel="knowledge"]').innerText();
    check(/1,200\s+questions/.test(kText), 'the knowledge panel counts the questions');
    check(
      (await page.locator('[data-panel="announcements"] tbody tr').count()) >= 1,
      'the announcement panel lists an announcement',
    );
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-admin.png'), fullPage: true });

    await page.locator('fluent-select[name="stage"]').click();
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-filter-open.png') });
    await page.locator('fluent-select[name="stage"] fluent-option[value="production"]').click();
    await page.locator('fluent-button[type="submit"]').click();
    await page.waitForURL(/stage=production/);
    const production = await page.locator('[data-panel="inventory"] tbody tr').count();
    check(
      production === summary.byStage.production,
      `the stage filter shows the ${summary.byStage.production} production cases (${production})`,
    );
    check(
      (await page.locator('fluent-select[name="stage"]').evaluate((el) => (el as HTMLSelectElement).value)) ===
        'production',
      'the stage filter keeps its value after the submit',
    );
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-filtered.png'), fullPage: true });

    await page.goto(`${base}/tab/dashboard?as=00000000-0000-0000-0000-0000000000ff`);
    check(
      (await page.locator('[data-panel="inventory"] tbody tr').count()) === 0,
      'someone outside the CoE sees no inventory rows',
    );
    check((await page.locator('[data-panel="cost"] svg').count()) === 1, 'and still sees the public metrics');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-stranger.png'), fullPage: true });
    // Without JavaScript the <noscript> native controls stand in for the Fluent ones and the filter form still submits.
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${base}/tab/dashboard?as=${ALEX}`);
    await plain.selectOption('select[name="stage"]', 'production');
    await plain.getByRole('button', { name: 'Filter' }).click();
    await plain.waitForURL(/stage=production/);
    const plainRows = await plain.locator('[data-panel="inventory"] tbody tr').count();
    check(plainRows === summary.byStage.production, `without JavaScript the filter still submits (${plainRows} rows)`);
    await noJs.close();
    check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join(' | ')}` : ''}`);
    process.stdout.write(`dashboard E2E passed; screenshots in ${SHOTS}\n`);
  } finally {
    await browser.close();
    bot.kill('SIGTERM');
  }
}

main().catch((err) => {
  process.stderr.write(`dashboard E2E failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
