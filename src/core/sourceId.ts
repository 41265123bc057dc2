import { isPositiveInteger, isRecord } from './guards';

/**
 * The one parser of "a source id or a tree node": a positive integer, or an object with a positive
 * integer `sourceId` (tree nodes, argument objects, panel messages). Undefined for anything else.
 * Every command and panel uses it (src/sourcePicker.ts re-exports it beside the one picker).
 */
export function sourceIdOf(arg: unknown): number | undefined {
  if (isPositiveInteger(arg)) return arg;
  if (isRecord(arg) && isPositiveInteger(arg.sourceId)) return arg.sourceId;
  return undefined;
}
