/**
 * The documented wire fields of each answer (reference §5, the same fields as src/api/types.ts), used
 * to record what a server sends beyond or short of them. This is bookkeeping, not a shape check: what
 * the extension relies on is judged by src/api/shape.ts through the real client. Here a difference is
 * noted so a user's run tells us where the docs (and the emulator) are wrong.
 */
export type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null';

interface Field {
  kinds: Kind[];
  /** Documented as always present. */
  required?: boolean;
  /** Nested object spec (for objects) or item spec (for arrays). */
  spec?: Spec;
}
export type Spec = Record<string, Field>;

const r = (kinds: Kind[], spec?: Spec): Field => ({ kinds, required: true, ...(spec ? { spec } : {}) });
const o = (kinds: Kind[], spec?: Spec): Field => ({ kinds, ...(spec ? { spec } : {}) });
const S: Kind[] = ['string'];
const N: Kind[] = ['number'];
const B: Kind[] = ['boolean'];
const SN: Kind[] = ['string', 'null'];
const NN: Kind[] = ['number', 'null'];

const property: Spec = {
  name: r(S), is_required: r(B), is_credential: r(B), system_provided: o(B), property_type: r(S),
  json_schema: r(['object', 'null']), provided: r(B), tap_mutable: o(B),
};
const details: Spec = {
  access: r(B), pricing_tier: o(S), pipeline_state: o(S), protocol: o(S),
  default_scheduling_interval: o(NN), default_start_date: o(SN), image_version: o(SN),
};
export const reportCard: Spec = {
  type: r(S), current_step: o(N), current_step_type: o(S),
  steps: o(['array'], { type: r(S), properties: r(['array'], property) }),
  details: o(['object'], details),
  upgrade_available: o(['object', 'null'], { type: r(S) }),
};
const schedule: Spec = {
  type: r(S), unit: o(S), interval: o(N), cron_expression: o(S), next_fire_time: r(SN),
};
export const source: Spec = {
  id: r(N), stitch_client_id: r(N), type: r(S), name: r(S), display_name: r(S),
  properties: r(['object']), schedule: r(['object', 'null'], schedule), check_job_name: o(SN),
  created_at: r(S), updated_at: r(S), paused_at: r(SN), system_paused_at: r(SN), deleted_at: r(SN),
  report_card: o(['object'], reportCard), destination_id: o(NN),
};
export const connectionCheck: Spec = {
  name: r(S), mode: r(S), status: r(S), start_time: r(SN), completion_time: r(SN), error: r(B),
  check_exit_status: r(NN), discovery_exit_status: r(NN), discovery_error_message: r(SN),
  tap_exit_status: r(NN), tap_error_message: r(SN), target_exit_status: r(NN), target_error_message: r(SN),
};
export const stream: Spec = {
  stream_id: r(N), tap_stream_id: r(S), stream_name: r(S), selected: r(['boolean', 'null']), metadata: r(['object']),
};
export const streamSchema: Spec = {
  schema: r(S),
  metadata: r(['array'], { breadcrumb: r(['array']), metadata: r(['object']) }),
  'non-discoverable-metadata-keys': o(['array']),
};
const extraction: Spec = {
  job_name: r(S), stitch_client_id: r(N), source_id: r(N), source_type: o(S), tap_name: o(S),
  start_time: r(SN), completion_time: r(SN), discovery_exit_status: r(NN), discovery_description: r(SN),
  tap_exit_status: r(NN), tap_description: r(SN), target_exit_status: r(NN), target_description: r(SN),
};
const load: Spec = {
  stitch_client_id: r(N), source_name: r(S), stream_name: r(S), last_batch_loaded_at: r(SN), error_state: r(['object', 'null']),
};
const page = (item: Spec): Spec => ({
  data: r(['array'], item), page: r(N), total: r(N), links: r(['object'], { next: o(S), previous: o(S) }),
});
export const extractionsPage = page(extraction);
export const loadsPage = page(load);
export const destination: Spec = {
  id: r(N), stitch_client_id: r(N), type: r(S), name: r(SN), display_name: o(SN), description: o(SN),
  properties: r(['object']), created_at: r(S), updated_at: r(S), paused_at: o(SN), system_paused_at: o(SN),
  deleted_at: o(SN), check_job_name: o(SN), report_card: o(['object'], reportCard),
};

export function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'object';
}

export interface FieldDifference {
  kind: 'unknown_field' | 'missing_field' | 'other_type';
  /** Where, with array indices folded: `sources[].report_card.type`. */
  at: string;
  detail: string;
  /** How many items showed this difference (lists repeat them). */
  count: number;
  /** One concrete place, e.g. `sources[3].report_card.type`. */
  example: string;
}

/** Compare a value with a spec; differences are folded by place so a 228-item list gives one line each. */
export function diffFields(value: unknown, spec: Spec | 'array', itemSpec: Spec | undefined, root: string): FieldDifference[] {
  const found = new Map<string, FieldDifference>();
  const note = (kind: FieldDifference['kind'], at: string, example: string, detail: string) => {
    const key = `${kind} ${at}`;
    const seen = found.get(key);
    if (seen) seen.count += 1;
    else found.set(key, { kind, at, detail, count: 1, example });
  };
  const walkObject = (v: Record<string, unknown>, s: Spec, at: string, ex: string) => {
    for (const [name, field] of Object.entries(s)) {
      if (!(name in v)) {
        if (field.required) note('missing_field', `${at}.${name}`, `${ex}.${name}`, `documented field "${name}" is absent`);
        continue;
      }
      walkField(v[name], field, `${at}.${name}`, `${ex}.${name}`);
    }
    for (const name of Object.keys(v)) {
      if (!(name in s)) note('unknown_field', `${at}.${name}`, `${ex}.${name}`, `undocumented field "${name}" (${kindOf(v[name])})`);
    }
  };
  const walkField = (v: unknown, field: Field, at: string, ex: string) => {
    const k = kindOf(v);
    if (!field.kinds.includes(k)) {
      note('other_type', at, ex, `expected ${field.kinds.join(' or ')}, got ${k}${k === 'string' || k === 'number' ? ` (${JSON.stringify(v).slice(0, 40)})` : ''}`);
      return;
    }
    if (!field.spec) return;
    if (k === 'object') walkObject(v as Record<string, unknown>, field.spec, at, ex);
    if (k === 'array') (v as unknown[]).forEach((item, i) => walkItem(item, field.spec!, `${at}[]`, `${ex}[${i}]`));
  };
  const walkItem = (item: unknown, s: Spec, at: string, ex: string) => {
    if (kindOf(item) !== 'object') note('other_type', at, ex, `expected object, got ${kindOf(item)}`);
    else walkObject(item as Record<string, unknown>, s, at, ex);
  };
  if (spec === 'array') {
    if (!Array.isArray(value)) note('other_type', root, root, `expected array, got ${kindOf(value)}`);
    else value.forEach((item, i) => walkItem(item, itemSpec!, `${root}[]`, `${root}[${i}]`));
  } else {
    walkItem(value, spec, root, root);
  }
  return [...found.values()];
}
