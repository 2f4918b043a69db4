import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(__dirname, '../../../test-results/e2e');

/** Starts the system Chromium headless (no browser download), with the network locked to this machine. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium was not found at ${CHROMIUM}. Install it with: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** The Agents Playground web client, driven the way a person uses it. */
export class PlaygroundPage {
  constructor(
    readonly page: Page,
    private readonly journey: string,
  ) {}

  /** Opens the Playground in a new page; only localhost requests are allowed through. */
  static async open(browser: Browser, url: string, journey: string): Promise<PlaygroundPage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return ['localhost', '127.0.0.1'].includes(host) ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    await page.goto(url);
    return new PlaygroundPage(page, journey);
  }

  /** Types a message in the current chat and sends it with Enter. */
  async say(text: string): Promise<void> {
    const box = this.page.locator('[role="textbox"][contenteditable="true"]').last();
    await box.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** The newest bot message (text or card) that contains `text`. */
  message(text: string | RegExp): Locator {
    return this.page.locator('.fai-OutputCard').filter({ hasText: text }).last();
  }

  /** The newest Adaptive Card that contains `text`. */
  card(text: string | RegExp): Locator {
    return this.page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
  }

  async waitForMessage(text: string | RegExp, timeoutMs = 20_000): Promise<Locator> {
    const m = this.message(text);
    await m.waitFor({ timeout: timeoutMs });
    return m;
  }

  async waitForCard(text: string | RegExp, timeoutMs = 20_000): Promise<Locator> {
    const c = this.card(text);
    await c.waitFor({ timeout: timeoutMs });
    return c;
  }

  /** How many bot messages the open chat shows (a card updated in place counts once). */
  async botMessageCount(): Promise<number> {
    return this.page.locator('.fai-OutputCard').count();
  }

  /**
   * Throws unless `element` is fully inside the viewport and sits right next to the card's `button` (within
   * `maxGapPx` above or below it): feedback must be where the person's eyes are after a click.
   */
  async expectNextToButton(card: Locator, element: Locator, button: string, maxGapPx = 160): Promise<void> {
    const buttonLocator = card.getByRole('button', { name: button, exact: true });
    await element.waitFor({ state: 'visible' });
    await buttonLocator.waitFor({ state: 'visible' });
    // The Playground settles the replaced card (progress overlay, scroll) just after it appears.
    await this.page.waitForTimeout(500);
    const viewport = this.page.viewportSize();
    const box = await element.boundingBox();
    const target = await buttonLocator.boundingBox();
    if (!viewport || !box || !target) throw new Error(`"${button}" or the message next to it is not rendered.`);
    const inside =
      box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width;
    if (!inside)
      throw new Error(`The message is outside the viewport: ${JSON.stringify(box)} in ${JSON.stringify(viewport)}.`);
    const gap = box.y >= target.y ? box.y - (target.y + target.height) : target.y - (box.y + box.height);
    if (gap > maxGapPx)
      throw new Error(`The message is ${Math.round(gap)} px away from "${button}" (at most ${maxGapPx} px allowed).`);
  }

  async clickInCard(card: Locator, button: string): Promise<void> {
    await card.getByRole('button', { name: button, exact: true }).click();
  }

  async openChat(
    name: 'Personal Chat' | 'Group Chat' | 'My Team - General' | 'My Team - Announcements',
  ): Promise<void> {
    await this.page.getByRole('treeitem', { name, exact: true }).click();
  }

  /** Saves a full-page screenshot under test-results/e2e/<journey>-<step>.png. */
  async screenshot(step: string): Promise<string> {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, `${this.journey}-${step}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }

  /** Closes the page after a last screenshot (the one to look at when a journey failed). */
  async close(): Promise<void> {
    await this.screenshot('last').catch(() => undefined);
    await this.page.context().close();
  }
}
