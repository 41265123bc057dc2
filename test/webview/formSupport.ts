// Reading and filling the setup form's controls, whichever element the component layer made them
// from: a toolkit field (its <input> lives in its shadow root) or a platform input.
import type { WebviewHarness } from './harness';

const byId = (id: string) => `[id="${id.replace(/"/g, '\\"')}"]`;

/** The control's value, as the form reads it (`.value` on the toolkit element or the input). */
export function valueOf(view: WebviewHarness, id: string): Promise<string> {
  return view.page.$eval(byId(id), (el) => String((el as HTMLInputElement).value ?? ''));
}

/** Fills a control as typing would (Playwright's fill on the real <input>). */
export async function fillField(view: WebviewHarness, id: string, value: string): Promise<void> {
  const native = await view.page.$eval(byId(id), (el) => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement);
  await view.page.fill(native ? byId(id) : `${byId(id)} input`, value);
}

/** The ids that describe a control: its aria-describedby, or its inner input's element references. */
export function describedBy(view: WebviewHarness, id: string): Promise<string[]> {
  return view.page.$eval(byId(id), (el) => {
    const inner = el.shadowRoot?.querySelector('input') as (HTMLInputElement & { ariaDescribedByElements?: Element[] | null }) | null | undefined;
    const refs = inner?.ariaDescribedByElements?.map((e) => e.id) ?? [];
    return [...(el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean), ...refs];
  });
}

/** Disabled as the form means it: a disabled control (a toolkit button matches :disabled as a form control). */
export function isDisabled(view: WebviewHarness, selector: string): Promise<boolean> {
  return view.page.$eval(selector, (el) => el.matches(':disabled'));
}

/** An error line shows (it has text and is displayed). */
export function errorShown(view: WebviewHarness, name: string): Promise<void> {
  return view.page.waitForFunction((n) => {
    const el = document.getElementById(`e-${n}`);
    return Boolean(el && (el.textContent ?? '') !== '' && getComputedStyle(el).display !== 'none');
  }, name).then(() => undefined);
}

/** The id of the focused control (the toolkit element, not its inner input). */
export function focusedId(view: WebviewHarness): Promise<string | undefined> {
  return view.page.evaluate(() => document.activeElement?.id);
}
