/**
 * Rule preview: what an ordered rule list does to a discovered catalogue, target by target, with
 * the rule that decided each one and Stitch's own rules applied on top.
 *
 * Semantics (documented in the README): the last matching rule wins. A stream is decided by the
 * last rule that either matches its tap_stream_id or selects one of its fields (Stitch needs a
 * stream's own entry selected before its fields). A field is decided by the last `stream.field`
 * rule matching it; then inclusion, selected-by-default and fieldExclusions have the final word.
 * What no rule matches is not selected: the rules describe the whole selection.
 */
import type { StreamModel } from '../selection';
import { CatalogueIndex, type IndexedStream } from './catalogueIndex';
import * as say from './messages';
import { parseRules, type ParsedRules, type Rule, type RuleError } from './parse';

export type FieldOutcome = 'selected' | 'automatic' | 'excluded' | 'unsupported' | 'default';
const OUTCOMES: readonly FieldOutcome[] = ['selected', 'automatic', 'excluded', 'unsupported', 'default'];
// Module-local on purpose: imported constants can compile to property reads in the hot loops.
const SELECTED = 0, AUTOMATIC = 1, EXCLUDED = 2, UNSUPPORTED = 3, DEFAULT = 4;

export interface FieldPreview {
  readonly name: string;
  /** `default`: replicated because Stitch selects it by default (reference §7.8). */
  readonly outcome: FieldOutcome;
  readonly replicated: boolean;
  /** Index of the deciding rule; -1 when no rule did (Stitch's defaults decided). */
  readonly rule: number;
  /** A rule whose wish Stitch's constraints refused. */
  readonly overruled?: number;
  readonly conflict?: string;
}

export interface StreamPreview {
  readonly id: string;
  readonly outcome: 'selected' | 'excluded';
  /** Index of the deciding rule; -1 when no rule matches (not selected). */
  readonly rule: number;
  /** Qualifiers to stage, each with the rule that set it (absent when none or refused). */
  readonly method?: { readonly value: string; readonly rule: number };
  readonly key?: { readonly value: string; readonly rule: number };
  readonly viewKeys?: { readonly value: readonly string[]; readonly rule: number };
  /** Stream-level refusals in Stitch's terms (forced method, invalid key…). */
  readonly conflicts: readonly string[];
  /** Field rules concern this stream but its fields are not loaded yet. */
  readonly needsFields: boolean;
  readonly fieldCount: number;
  readonly replicatedCount: number;
  field(i: number): FieldPreview;
  fields(): FieldPreview[];
}

export interface RuleReport {
  readonly index: number;
  readonly line: number;
  readonly text: string;
  /** Streams (stream rules) or fields (field rules) it matches. */
  readonly matches: number;
  /** Targets it decides. */
  readonly wins: number;
  readonly flag?: 'matches-nothing' | 'never-wins';
  readonly message?: string;
}

export interface RulePreview {
  readonly streams: readonly StreamPreview[];
  readonly rules: readonly RuleReport[];
  readonly errors: readonly RuleError[];
  readonly totals: { readonly streamsSelected: number; readonly fieldsReplicated: number; readonly conflicts: number };
  stream(id: string): StreamPreview | undefined;
}

/**
 * Why Stitch's constraints refused a rule's wish for a field, kept as numbers and worded only when
 * a row asks: one rule over 10,000 streams' default fields makes 50,000 notes per keystroke.
 */
const NOTE_AUTOMATIC = 1, NOTE_UNSUPPORTED = 2, NOTE_DEFAULT = 3, NOTE_LOCKED_EXCLUSION = 4, NOTE_EXCLUSION = 5;

/** One preview's per-field arrays, shared by its streams (offsets into them per stream). */
interface FieldArrays {
  readonly codes: Uint8Array;
  /** Deciding rule index per field, -1 for none. */
  readonly rules: Int32Array;
  /** NOTE_* per field, 0 for none; the overruled rule's index and the other field of an exclusion. */
  readonly noteKind: Uint8Array;
  readonly noteRule: Int32Array;
  readonly noteOther: Int32Array;
  readonly parsed: readonly Rule[];
  readonly positionOf: Int32Array;
}

class StreamResult implements StreamPreview {
  private streamConflicts?: string[];
  method?: { value: string; rule: number };
  key?: { value: string; rule: number };
  viewKeys?: { value: readonly string[]; rule: number };
  replicatedCount = 0;
  noteCount = 0;
  readonly codes: Uint8Array;
  readonly rules: Int32Array;
  constructor(
    private readonly s: IndexedStream,
    readonly outcome: 'selected' | 'excluded',
    readonly rule: number,
    readonly needsFields: boolean,
    /** Shared by every stream of one preview: this stream's fields sit at offset … offset + fieldCount. */
    private readonly arrays: FieldArrays,
    readonly offset: number,
    readonly fieldCount: number,
  ) {
    this.codes = arrays.codes;
    this.rules = arrays.rules;
  }
  get id(): string { return this.s.model.tapStreamId; }
  get conflicts(): readonly string[] { return this.streamConflicts ?? NONE; }
  conflict(message: string): void { (this.streamConflicts ??= []).push(message); }
  field(i: number): FieldPreview {
    const at = this.offset + i;
    const code = this.codes[at]!;
    const kind = this.arrays.noteKind[at]!;
    const overruled = this.arrays.noteRule[at]!;
    return {
      name: this.s.model.fields![i]!.name, outcome: OUTCOMES[code]!, replicated: code !== EXCLUDED && code !== UNSUPPORTED, rule: this.rules[at]!,
      ...(kind && overruled >= 0 ? { overruled } : {}),
      ...(kind ? { conflict: this.noteText(i, kind, overruled) } : {}),
    };
  }
  fields(): FieldPreview[] { return Array.from({ length: this.fieldCount }, (_, i) => this.field(i)); }
  /** Records why field i went against a rule; `overruled` is the refused rule's index (-1: none). */
  note(i: number, kind: number, overruled: number, other = -1): void {
    const at = this.offset + i;
    if (!this.arrays.noteKind[at]) this.noteCount++;
    this.arrays.noteKind[at] = kind;
    this.arrays.noteRule[at] = overruled;
    this.arrays.noteOther[at] = other;
  }
  private noteText(i: number, kind: number, overruled: number): string {
    const fields = this.s.model.fields!;
    const { parsed, positionOf, noteOther } = this.arrays;
    const rule = overruled >= 0 ? parsed[positionOf[overruled]!]! : undefined;
    const k = noteOther[this.offset + i]!;
    switch (kind) {
      case NOTE_AUTOMATIC: return say.automaticConflict(rule!, fields[i]!);
      case NOTE_UNSUPPORTED: return say.unsupportedConflict(rule!, fields[i]!);
      case NOTE_DEFAULT: return say.defaultConflict(rule!, fields[i]!);
      case NOTE_LOCKED_EXCLUSION: return say.lockedExclusionConflict(fields[i]!, fields[k]!);
      default: {
        // The kept field's state did not change after the exclusion was resolved, so it still says why.
        const kc = this.codes[this.offset + k]!;
        const by = kc === AUTOMATIC ? 'automatic' : kc === DEFAULT ? 'default' : parsed[positionOf[this.rules[this.offset + k]!]!]!;
        return say.exclusionConflict(fields[i]!, fields[k]!, by);
      }
    }
  }
}

const NONE: readonly string[] = Object.freeze([]);
const NO_MATCHES = new Uint8Array(0);

/** Previews rule lists against one catalogue; keep it while the user types (matches are cached). */
export class RulePreviewer {
  private readonly index: CatalogueIndex;
  /** Each field's outcome when no rule speaks about it (in a selected stream): Stitch's own defaults. */
  private readonly base: Uint8Array;
  constructor(streams: Iterable<StreamModel>) {
    this.index = new CatalogueIndex(streams);
    this.base = new Uint8Array(this.index.fieldTotal);
    let at = 0;
    for (const s of this.index.streams) {
      for (const f of s.nameIds ? s.model.fields! : []) {
        this.base[at++] = f.inclusion === 'automatic' ? AUTOMATIC : f.inclusion === 'unsupported' ? UNSUPPORTED : f.selectedByDefault ? DEFAULT : EXCLUDED;
      }
    }
  }

  preview(input: string | readonly string[] | ParsedRules): RulePreview {
    const parsed = typeof input === 'string' || Array.isArray(input) ? parseRules(input as string | readonly string[]) : (input as ParsedRules);
    return evaluate(this.index, this.base, parsed);
  }
}

export function previewRules(streams: Iterable<StreamModel>, input: string | readonly string[] | ParsedRules): RulePreview {
  return new RulePreviewer(streams).preview(input);
}

function evaluate(index: CatalogueIndex, base: Uint8Array, parsed: ParsedRules): RulePreview {
  const rules = parsed.rules;
  const R = rules.length;
  // rule.index counts lines with errors too, so it can differ from the rule's position here.
  const positionOf = new Int32Array((rules.at(-1)?.index ?? 0) + 1).fill(-1);
  rules.forEach((r, i) => { positionOf[r.index] = i; });
  const streamMatch = rules.map((r) => index.streamsMatching(r.stream));
  const isFieldRule = Uint8Array.from(rules, (r) => (r.field ? 1 : 0));
  // Always a Uint8Array (empty for stream rules): the hot loop below stays monomorphic.
  const fieldMatch = rules.map((r) => (r.field ? index.namesMatching(r.field) : NO_MATCHES));
  const matches = new Array<number>(R).fill(0);
  const wins = new Array<number>(R).fill(0);
  const overriddenBy = new Array<number>(R).fill(-1);
  const streamPartMatched = new Uint8Array(R);
  const results: StreamResult[] = [];
  let streamsSelected = 0, fieldsReplicated = 0, conflicts = 0;
  // Per stream: the stream rules and the field rules whose stream part match it (reused buffers).
  const sr = new Int32Array(R);
  const fr = new Int32Array(R);
  const exclude = Uint8Array.from(rules, (r) => (r.exclude ? 1 : 0));
  // One allocation per preview, not per stream: 200,000 fields are previewed per keystroke.
  const codes = new Uint8Array(index.fieldTotal);
  const ruleOf = new Int32Array(index.fieldTotal);
  const arrays: FieldArrays = {
    codes, rules: ruleOf, noteKind: new Uint8Array(index.fieldTotal), noteRule: new Int32Array(index.fieldTotal), noteOther: new Int32Array(index.fieldTotal), parsed: rules, positionOf,
  };
  const winners = new Int32Array(index.fieldMax);

  for (let si = 0; si < index.streams.length; si++) {
    const s = index.streams[si]!;
    const model = s.model;
    let srLen = 0, frLen = 0;
    for (let r = 0; r < R; r++) {
      if (!streamMatch[r]![si]) continue;
      if (isFieldRule[r]) { fr[frLen++] = r; streamPartMatched[r] = 1; } else { sr[srLen++] = r; matches[r]!++; }
    }
    const streamRule = srLen ? sr[srLen - 1]! : -1;
    const n = s.nameIds?.length ?? 0;
    winners.fill(-1, 0, n);
    let fieldPos = -1;
    if (s.nameIds && frLen) {
      for (let j = 0; j < n; j++) {
        const nid = s.nameIds[j]!;
        let w = -1;
        for (let k = frLen - 1; k >= 0; k--) {
          const r = fr[k]!;
          if (!fieldMatch[r]![nid]) continue;
          matches[r]!++;
          if (w < 0) w = r;
          else if (overriddenBy[r]! < 0) overriddenBy[r] = w;
        }
        winners[j] = w;
        if (w > fieldPos && !exclude[w]) fieldPos = w;
      }
    }
    const decider = Math.max(streamRule, fieldPos);
    const selected = decider >= 0 && (decider === fieldPos || !exclude[decider]);
    for (let k = 0; k < srLen; k++) if (sr[k]! < decider && overriddenBy[sr[k]!]! < 0) overriddenBy[sr[k]!] = decider;
    if (decider >= 0) wins[decider]!++; // a field rule that selects the stream decides it too
    const deciderIndex = decider >= 0 ? rules[decider]!.index : -1;
    const result = new StreamResult(s, selected ? 'selected' : 'excluded', deciderIndex, !s.nameIds && frLen > 0, arrays, index.offsets[si]!, n);
    results.push(result);
    if (!selected) {
      codes.fill(EXCLUDED, result.offset, result.offset + n);
      ruleOf.fill(deciderIndex, result.offset, result.offset + n);
      for (let j = 0; j < n; j++) {
        const w = winners[j]!;
        if (w >= 0 && w !== decider && overriddenBy[w]! < 0 && decider >= 0) overriddenBy[w] = decider;
      }
      continue;
    }
    streamsSelected++;
    if (srLen) qualifiers(result, model, sr, srLen, rules, wins);
    if (n) decideFields(result, s, base, frLen > 0 ? winners : undefined, rules, positionOf, wins);
    conflicts += result.conflicts.length + result.noteCount;
    fieldsReplicated += result.replicatedCount;
  }

  const reports = rules.map((rule, r): RuleReport => {
    const base = { index: rule.index, line: rule.line, text: rule.text, matches: matches[r]!, wins: wins[r]! };
    if (matches[r] === 0) return { ...base, flag: 'matches-nothing', message: say.matchesNothing(rule, streamPartMatched[r] === 1) };
    if (wins[r] === 0) return { ...base, flag: 'never-wins', message: say.neverWins(rule, overriddenBy[r]! >= 0 ? rules[overriddenBy[r]!] : undefined) };
    return base;
  });
  const byId = new Map<string, StreamResult>();
  return {
    streams: results,
    rules: reports,
    errors: parsed.errors,
    totals: { streamsSelected, fieldsReplicated, conflicts },
    stream(id) {
      if (byId.size === 0) for (const r of results) byId.set(r.id, r);
      return byId.get(id);
    },
  };
}

/** method / key / view-keys: per qualifier, the last matching stream rule that sets it. */
function qualifiers(result: StreamResult, model: StreamModel, sr: Int32Array, srLen: number, rules: readonly Rule[], wins: number[]): void {
  let method = false, key = false, viewKeys = false;
  for (let k = srLen - 1; k >= 0; k--) {
    const r = sr[k]!;
    const rule = rules[r]!;
    if (rule.exclude) continue;
    if (!method && rule.method) {
      method = true;
      if (model.forcedMethod && model.forcedMethod.method !== rule.method) result.conflict(say.forcedMethodConflict(rule, model));
      else { wins[r]!++; if (!model.forcedMethod) result.method = { value: rule.method, rule: rule.index }; }
    }
    if (!key && rule.key !== undefined) {
      key = true;
      const valid = model.validReplicationKeys ? model.validReplicationKeys.includes(rule.key) : !model.fields || model.fields.some((f) => f.name === rule.key);
      if (!valid) result.conflict(say.keyConflict(rule, model));
      else { wins[r]!++; result.key = { value: rule.key, rule: rule.index }; }
    }
    if (!viewKeys && rule.viewKeys) {
      viewKeys = true;
      if (!model.isView) result.conflict(say.viewKeysConflict(rule));
      else { wins[r]!++; result.viewKeys = { value: rule.viewKeys, rule: rule.index }; }
    }
  }
}

/**
 * Field outcomes in a selected stream, then fieldExclusions resolved (later rule wins). Fields no
 * rule speaks about take Stitch's defaults precomputed in `base`; `winners` is absent when no field
 * rule concerns the stream.
 */
function decideFields(result: StreamResult, s: IndexedStream, base: Uint8Array, winners: Int32Array | undefined, rules: readonly Rule[], positionOf: Int32Array, wins: number[]): void {
  const fields = s.model.fields!;
  const { codes, rules: ruleOf, offset: o } = result;
  let replicated = 0;
  for (let j = 0; j < fields.length; j++) {
    const b = base[o + j]!;
    const w = winners ? winners[j]! : -1;
    if (w < 0) {
      codes[o + j] = b;
      ruleOf[o + j] = -1;
      if (b === AUTOMATIC || b === DEFAULT) replicated++;
      continue;
    }
    const rule = rules[w]!;
    let code = b;
    let decided = rule.index;
    if (b === AUTOMATIC) {
      if (rule.exclude) { decided = -1; result.note(j, NOTE_AUTOMATIC, rule.index); }
    } else if (b === UNSUPPORTED) {
      if (!rule.exclude) { decided = -1; result.note(j, NOTE_UNSUPPORTED, rule.index); }
    } else if (!rule.exclude) {
      code = SELECTED;
    } else if (b === DEFAULT) {
      decided = -1;
      result.note(j, NOTE_DEFAULT, rule.index);
    }
    codes[o + j] = code;
    ruleOf[o + j] = decided;
    if (code !== EXCLUDED && code !== UNSUPPORTED) replicated++;
  }
  if (s.exclusions) {
    resolveExclusions(result, s);
    replicated = 0;
    for (let j = o; j < o + fields.length; j++) if (codes[j] !== EXCLUDED && codes[j] !== UNSUPPORTED) replicated++;
  }
  if (winners) for (let j = o; j < o + fields.length; j++) if (ruleOf[j]! >= 0) wins[positionOf[ruleOf[j]!]!]!++;
  result.replicatedCount = replicated;
}

function resolveExclusions(result: StreamResult, s: IndexedStream): void {
  const fields = s.model.fields!;
  const exclusions = s.exclusions!;
  const { codes, rules: ruleOf, offset: o } = result;
  const locked = (j: number): number => (codes[o + j] === AUTOMATIC || codes[o + j] === DEFAULT ? 1 : 0);
  const candidates: number[] = [];
  for (let j = 0; j < fields.length; j++) {
    if (exclusions[j]!.length && (codes[o + j] === SELECTED || locked(j))) candidates.push(j);
  }
  // Stitch's locks first, then the later rule, then the field that comes first.
  candidates.sort((a, b) => locked(b) - locked(a) || ruleOf[o + b]! - ruleOf[o + a]! || a - b);
  const kept = new Uint8Array(fields.length);
  for (const j of candidates) {
    const k = exclusions[j]!.find((x) => kept[x]);
    if (k === undefined) { kept[j] = 1; continue; }
    if (locked(j)) {
      kept[j] = 1;
      result.note(j, NOTE_LOCKED_EXCLUSION, -1, k);
      continue;
    }
    result.note(j, NOTE_EXCLUSION, ruleOf[o + j]!, k);
    codes[o + j] = EXCLUDED;
    ruleOf[o + j] = locked(k) ? -1 : ruleOf[o + k]!;
  }
}
