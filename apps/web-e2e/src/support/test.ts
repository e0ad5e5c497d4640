import { expect, test as base } from '@playwright/test';

/**
 * The suite's `test`: Playwright's, with one addition. `E2E_CPU_THROTTLE=4 npm run e2e` runs each
 * test's page four times slower (Chromium's CPU throttling), as on a busy CI machine. Timing
 * mistakes (reading the DOM before change detection ran, saves racing debounces) show up there
 * long before they show up as a rare CI failure. Pages a test opens itself are not throttled.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    const rate = Number(process.env['E2E_CPU_THROTTLE'] ?? 1);
    if (Number.isFinite(rate) && rate > 1) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    }
    await use(page);
  },
});

export { expect };
