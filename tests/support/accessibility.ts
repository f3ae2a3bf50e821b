import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

// Accessibility and phone-width checks for the browser suite. axe-core's own build is read from
// node_modules (no CDN) and injected into the page under test; it runs the WCAG 2.0 and 2.1 A and AA
// rules. The layout checks are what "usable at phone width" means here: the document does not
// scroll sideways, no action lies beyond the viewport's left or right edge, and a table wider than
// its box scrolls inside a container that says so (a visible hint or edge shadow) and that the
// keyboard can reach.

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0 and 2.1, levels A and AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

declare global {
  interface Window {
    axe?: { run: (context: unknown, options: unknown) => Promise<AxeResults> };
  }
}

/**
 * Injects axe-core's source into the page, once per document. The app's Content-Security-Policy
 * allows no inline script, so the page's browser context must be made with `bypassCSP: true`.
 */
async function injectAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => window.axe !== undefined)) return;
  await page.addScriptTag({ content: axeSource });
  if (!(await page.evaluate(() => window.axe !== undefined)))
    throw new Error('axe-core did not load: make the browser context with { bypassCSP: true }');
}

/** One line per failing node: rule id, impact, target selectors, and the rule's help with its link. */
export function formatViolations(violations: readonly Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map(
        (node) =>
          `- ${v.id} (${node.impact ?? v.impact ?? 'unknown'}) at ${node.target.map(String).join(' >> ')}: ${v.help} [${v.helpUrl}]${node.failureSummary ? `\n    ${node.failureSummary.replace(/\n/g, '\n    ')}` : ''}`,
      ),
    )
    .join('\n');
}

/** The WCAG 2.1 A/AA violations axe finds in the page as it is now. */
export async function axeViolations(page: Page): Promise<Result[]> {
  await injectAxe(page);
  const results = await page.evaluate(async (tags) => {
    if (!window.axe) throw new Error('axe-core is not loaded');
    return window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
  }, wcagTags);
  return results.violations;
}

/** Fails, listing every violation readably, unless axe finds none. `where` names the page and width. */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0)
    throw new Error(
      `axe-core (WCAG 2.1 A/AA) found violations on ${where}:\n${formatViolations(violations)}`,
    );
}

/** What the layout check found wrong, in words; empty when the page fits its viewport. */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    const viewport = root.clientWidth;
    const describe = (el: Element): string => {
      const name =
        el.getAttribute('aria-label') ??
        (el as HTMLElement).innerText?.trim().replace(/\s+/g, ' ').slice(0, 60) ??
        '';
      const id = el.id ? `#${el.id}` : '';
      const cls = el.classList.length > 0 ? `.${[...el.classList].join('.')}` : '';
      return `<${el.tagName.toLowerCase()}${id}${cls}> "${name}"`;
    };
    const shown = (el: Element): boolean => {
      if (el.closest('[hidden], [aria-hidden="true"]')) return false;
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && el.getClientRects().length > 0;
    };
    const scrollsSideways = (el: Element): boolean => {
      const overflow = getComputedStyle(el).overflowX;
      return overflow === 'auto' || overflow === 'scroll';
    };
    const focusable =
      'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
    /** A sideways scroll box the reader can see and reach: a visible cue, and the keyboard gets in. */
    const cuedScrollBox = (box: Element): string | undefined => {
      const style = getComputedStyle(box);
      const hint = box
        .getAttribute('aria-describedby')
        ?.split(/\s+/)
        .map((id) => document.getElementById(id));
      const hinted = hint?.some((h) => h && shown(h)) ?? false;
      const shadowed = style.backgroundImage.includes('gradient');
      if (!hinted && !shadowed) return 'shows no cue (no visible hint, no edge shadow)';
      const reachable = box.matches(focusable) || box.querySelector(focusable) !== null;
      if (!reachable) return 'cannot be reached with the keyboard';
      return undefined;
    };

    if (root.scrollWidth > viewport)
      problems.push(`the document scrolls sideways: ${root.scrollWidth}px wide in a ${viewport}px viewport`);

    for (const table of document.querySelectorAll('table')) {
      if (!shown(table)) continue;
      const box = table.parentElement;
      const width = table.getBoundingClientRect().width;
      if (!box || width <= box.clientWidth + 1) continue;
      if (!scrollsSideways(box)) {
        problems.push(
          `${describe(table)} is ${Math.round(width)}px wide in a box of ${box.clientWidth}px that does not scroll`,
        );
        continue;
      }
      const why = cuedScrollBox(box);
      if (why) problems.push(`${describe(table)} scrolls sideways in ${describe(box)}, which ${why}`);
    }

    for (const action of document.querySelectorAll('button, a, input, select, textarea')) {
      if (!shown(action) || (action instanceof HTMLInputElement && action.type === 'hidden')) continue;
      // Inside a sideways scroll box, the box is what must be on screen (and cued, checked above).
      let inside: Element = action;
      for (let el = action.parentElement; el && el !== document.body; el = el.parentElement) {
        if (scrollsSideways(el) && el.scrollWidth > el.clientWidth) {
          inside = el;
          break;
        }
      }
      const rect = inside.getBoundingClientRect();
      if (rect.left < -0.5 || rect.right > viewport + 0.5)
        problems.push(
          `${describe(action)} lies outside the viewport (${Math.round(rect.left)}px to ${Math.round(rect.right)}px of ${viewport}px)`,
        );
    }
    return problems;
  });
}

/** Fails, listing what is wrong, unless the page fits its viewport's width (see layoutProblems). */
export async function expectFitsWidth(page: Page, where: string): Promise<void> {
  const problems = await layoutProblems(page);
  if (problems.length > 0) throw new Error(`${where} does not fit its width:\n- ${problems.join('\n- ')}`);
}
