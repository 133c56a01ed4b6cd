// The page as a static site (issue 13): the built page carries a Content-Security-Policy
// (index.html) that limits scripts, workers and fetches to the site itself; nothing the
// page does while loading, playing, opening every view, starting its workers and its
// offline cache breaks it; and embedding in an iframe still works.
import { expect, test, type Page } from '@playwright/test';
import { simTime } from './helpers';

/** Collects CSP violations: the DOM event (page) and Chromium's console report (page and workers). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) fromConsole.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = ((globalThis as unknown as { cspViolations: string[] }).cspViolations = []);
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return async () => [...fromConsole, ...(await page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations))];
}

/** a small cluster: the views' content is not the point here */
const SMALL = './#s=' + Buffer.from(JSON.stringify({ v: 1, name: 'csp', seed: 1, params: { 'cluster.nodes': 400 } })).toString('base64url');

// the offline cache's service worker is part of what must obey the policy (blocked elsewhere: playwright.config.ts)
test.use({ serviceWorkers: 'allow' });

test('the built page carries the policy before any script, and no inline script', async ({ page }) => {
  // the policy is in the served page, before any script, and the page has no inline script
  const html = await (await page.request.get('./')).text();
  const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  expect(csp).toBeTruthy();
  const directives = new Map(
    csp!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v.join(' ')]),
  );
  expect(directives.get('script-src')).toBe("'self'");
  expect(directives.get('worker-src')).toBe("'self'");
  expect(directives.get('connect-src')).toBe("'self'");
  expect(directives.get('object-src')).toBe("'none'");
  expect(directives.get('base-uri')).toBe("'self'");
  expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attrs, body] of scripts) {
    expect(attrs).toMatch(/\bsrc=/);
    expect(body.trim()).toBe('');
  }
  expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
});

test('loading, playing, the simulation worker and the offline cache violate nothing', async ({ page }) => {
  const violations = await watchViolations(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(SMALL);
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  await expect(page.getByTestId('rack-canvas')).toHaveAttribute('data-drawn-servers', '400');
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(1);
  expect(await violations(), 'loading').toEqual([]);
  // the simulation worker runs: play moves the clock
  await page.getByTestId('speed-600').click();
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page)).toBeGreaterThan(5_000);
  // the offline cache's service worker registers and activates
  await expect(page.locator('html')).toHaveAttribute('data-offline', 'ready', { timeout: 30_000 });

  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
});

test('opening every view (each its own lazily fetched chunk) violates nothing', async ({ page }) => {
  const violations = await watchViolations(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(SMALL);
  await expect(page.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  await page.getByTestId('play').click();
  const tabs = await page.locator('[data-testid^="tab-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(4)));
  expect(tabs.length).toBeGreaterThan(5);
  for (const id of tabs) {
    await page.getByTestId(`tab-${id}`).click();
    if (id === 'racks') continue;
    const section = page.locator(`section.view[data-view="${id}"]`);
    await expect(section).toBeVisible();
    await expect(section).not.toContainText('Loading this view');
    await expect(section.locator('[role="alert"]')).toHaveCount(0);
    expect(await section.locator(':scope > :not(p.loading)').count(), id).toBeGreaterThan(0);
    expect(await violations(), id).toEqual([]);
  }
  await page.getByTestId('tab-racks').click();
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
});

test('embedded in an iframe (embed=1) the page runs under its policy', async ({ page, baseURL }) => {
  const violations = await watchViolations(page);
  // a slide deck holding the page in an iframe (served by the test; any page would do)
  await page.route('**/deck.html', (r) =>
    r.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><iframe id="f" src="${SMALL}&embed=1&view=racks" width="900" height="560"></iframe>`,
    }),
  );
  await page.goto(`${baseURL}deck.html`);
  const frame = page.frameLocator('#f');
  await expect(frame.locator('.app')).toHaveAttribute('data-phase', 'ready', { timeout: 30_000 });
  await expect(frame.locator('.app')).toHaveAttribute('data-embed', '1');
  await expect(frame.getByTestId('rack-canvas')).toHaveAttribute('data-drawn-servers', '400');
  const inner = page.frames().find((f) => f.url().includes('embed=1'))!;
  const v = await inner.evaluate(() => (globalThis as unknown as { cspViolations?: string[] }).cspViolations ?? []);
  expect(v).toEqual([]);
  expect(await violations().catch(() => [])).toEqual([]);
});
