/**
 * The switches every Chromium we launch gets (the browser tests, bench/browser.ts): headless on a
 * machine without a GPU or a sandbox, and nothing that talks to the network or works in the background.
 */
// Chromium 156 in its full headless mode loads the omnibox pop-up's WebUI (chrome://omnibox-popup.top-chrome)
// into a renderer of its own for every new browser context: measured 2026-12-07, 1.6 CPU-s of the 3.1 CPU-s a
// small-cluster page open costs, in every test. Puppeteer turns the two features off by default (puppeteer#15278).
// Chromium keeps only the last --disable-features switch, so this one repeats Playwright's own list
// (playwright-core 1.65, chromiumSwitches.ts) and adds the two.
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];
export const DISABLED_FEATURES = [...PLAYWRIGHT_DISABLED_FEATURES, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=' + DISABLED_FEATURES.join(','),
];
