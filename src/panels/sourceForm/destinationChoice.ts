/**
 * The source form's "Load into" choice (reference §4.2, §7.4): offered only when the account has
 * two or more destinations, and checked by the host, so a webview can only pick a destination it
 * was shown. No `vscode` import, so it is unit-tested in Node.
 */
import type { StitchClient } from '../../api';
import type { Source } from '../../api/types';
import { destinationTypeName } from '../../core/destinationNames';
import type { DestinationEntry } from '../../state/destinationStore';
import type { DestinationChoiceView } from '../../protocol/sourceForm';

export interface DestinationChoice {
  readonly entries: readonly DestinationEntry[];
  /** The destination the source loads into now (edit), when Stitch says it is exactly one. */
  readonly current: number | undefined;
}

/** The dropdown as the webview shows it; undefined (no control) with fewer than two destinations. */
export function destinationChoiceView(choice: DestinationChoice | undefined, failedText: string): DestinationChoiceView | undefined {
  if (!choice || choice.entries.length < 2) return undefined;
  const options = choice.entries.map(({ destination: d, checkState }) => {
    const type = destinationTypeName(d.type);
    const named = d.name && d.name !== type ? `${d.name} (${type})` : type;
    return { id: d.id, label: checkState === 'failed' ? `${named} — ${failedText}` : named };
  });
  return { options, ...(choice.current !== undefined ? { selected: choice.current } : {}) };
}

/**
 * The `destination_id` to send for what the webview chose: undefined when nothing is to be sent
 * (no choice, or on edit the current one). An id the form never offered is refused.
 */
export function destinationToSend(
  choice: DestinationChoice | undefined, chosen: number | undefined, mode: 'create' | 'edit', refuse: (why: string) => never,
): number | undefined {
  if (chosen === undefined) return undefined;
  if (!choice || choice.entries.length < 2 || !choice.entries.some((e) => e.destination.id === chosen)) return refuse('a destination this form did not offer');
  return mode === 'edit' && chosen === choice.current ? undefined : chosen;
}

/** Which destination a source loads into: the Source object may not say (§5.1), the destinations list filtered by it does. */
export async function currentDestination(client: StitchClient, source: Source): Promise<number | undefined> {
  if (typeof source.destination_id === 'number') return source.destination_id;
  const loadsInto = await client.listDestinations({ source_id: source.id });
  return loadsInto.length === 1 ? loadsInto[0]!.id : undefined;
}

/** The choice for a form, or undefined when there is nothing to choose or it can't be read (the form works without it). */
export async function loadDestinationChoice(deps: ChoiceDeps & { log: { warn(message: string): void } }, source: Source | undefined): Promise<DestinationChoice | undefined> {
  if (!deps.destinations) return undefined;
  try {
    const entries = await deps.destinations();
    if (entries.length < 2) return { entries, current: undefined };
    return { entries, current: source ? await currentDestination(deps.requireClient(), source) : undefined };
  } catch (error) {
    deps.log.warn(`Source panel: couldn't read the destinations: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

export interface ChoiceDeps {
  /** The account's destinations (the DestinationStore); absent: the form offers no destination. */
  destinations?(): Promise<readonly DestinationEntry[]>;
  requireClient(): StitchClient;
}

/** The create body's part: nothing when no destination was chosen. */
export const withDestination = (id: number | undefined): { destination_id?: number } => (id !== undefined ? { destination_id: id } : {});

/** After a create or save that sent `id`, the source loads into it. */
export const chose = (choice: DestinationChoice | undefined, id: number | undefined): DestinationChoice | undefined =>
  (choice && id !== undefined ? { ...choice, current: id } : choice);
