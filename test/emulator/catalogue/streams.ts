/**
 * Stream catalogues, i.e. what discovery finds for a source. Authored for the built-in types and
 * generated deterministically for every other type. Streams are produced by index on demand and
 * cached, so a 10,000-stream catalogue costs nothing until it is read.
 */
import { hashString, pick, prng } from '../rng';

export type FieldKind = 'integer' | 'number' | 'string' | 'boolean' | 'date-time' | 'object' | 'array';
export type Inclusion = 'automatic' | 'available' | 'unsupported';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  inclusion: Inclusion;
  selectedByDefault?: boolean | null;
  sqlDatatype?: string;
  nullable?: boolean;
  /** Further discoverable field metadata (GA cubes, fieldExclusions, unsupported-description…). */
  extra?: Record<string, unknown>;
}

export interface StreamSpec {
  tap_stream_id: string;
  stream_name: string;
  fields: FieldSpec[];
  /** Discoverable stream-level metadata (read-only to clients). */
  meta: Record<string, unknown>;
  /** Database streams get the sdc_recursive_* definitions in their schema. */
  database?: boolean;
}

export interface StreamCatalogue {
  readonly count: number;
  at(index: number): StreamSpec;
  indexOf(tapStreamId: string): number;
}

export interface CatalogueOptions {
  seed: number;
  streams?: number;
  fields?: number;
}

const listCatalogue = (streams: StreamSpec[]): StreamCatalogue => {
  const index = new Map(streams.map((s, i) => [s.tap_stream_id, i]));
  return { count: streams.length, at: (i) => streams[i]!, indexOf: (id) => index.get(id) ?? -1 };
};

// ---- authored catalogues ---------------------------------------------------------------------

const auto = (name: string, kind: FieldKind): FieldSpec => ({ name, kind, inclusion: 'automatic' });
const avail = (name: string, kind: FieldKind, selectedByDefault?: boolean): FieldSpec => ({
  name,
  kind,
  inclusion: 'available',
  ...(selectedByDefault === undefined ? {} : { selectedByDefault }),
});

function saas(name: string, fields: FieldSpec[], meta: Record<string, unknown>): StreamSpec {
  return { tap_stream_id: name, stream_name: name, fields, meta };
}

const incremental = (key = 'updated_at', pk = ['id']) => ({
  'forced-replication-method': 'INCREMENTAL',
  'table-key-properties': pk,
  'valid-replication-keys': [key],
});

function recurly(): StreamSpec[] {
  const base = (extra: FieldSpec[]) => [auto('id', 'string'), auto('updated_at', 'date-time'), avail('created_at', 'date-time'), ...extra];
  return [
    saas('accounts', base([avail('code', 'string'), avail('email', 'string'), avail('company', 'string'), avail('state', 'string'), avail('address', 'object')]), incremental()),
    saas('adjustments', base([avail('account_id', 'string'), avail('amount', 'number'), avail('currency', 'string'), avail('description', 'string')]), incremental()),
    saas('coupons', base([avail('code', 'string'), avail('discount_type', 'string'), avail('redemption_count', 'integer')]), incremental()),
    saas('invoices', base([avail('account_id', 'string'), avail('number', 'integer'), avail('total', 'number'), avail('state', 'string'), avail('line_items', 'array')]), incremental()),
    saas('plans', base([avail('code', 'string'), avail('name', 'string'), avail('interval_length', 'integer')]), incremental()),
    saas('subscriptions', base([avail('account_id', 'string'), avail('plan_id', 'string'), avail('state', 'string'), avail('current_period_ends_at', 'date-time')]), incremental()),
    saas('transactions', base([avail('invoice_id', 'string'), avail('amount', 'number'), avail('status', 'string'), avail('payment_method', 'object')]), incremental()),
  ];
}

function github(): StreamSpec[] {
  return [
    saas('commits', [auto('sha', 'string'), avail('url', 'string'), avail('commit', 'object'), avail('author', 'object'), auto('updated_at', 'date-time')], incremental('updated_at', ['sha'])),
    saas('issues', [auto('id', 'integer'), auto('updated_at', 'date-time'), avail('number', 'integer'), avail('title', 'string'), avail('state', 'string'), avail('body', 'string'), avail('labels', 'array')], incremental()),
    saas('pull_requests', [auto('id', 'integer'), auto('updated_at', 'date-time'), avail('number', 'integer'), avail('title', 'string'), avail('merged_at', 'date-time')], incremental()),
    saas('comments', [auto('id', 'integer'), auto('updated_at', 'date-time'), avail('body', 'string'), avail('user', 'object')], incremental()),
    saas('stargazers', [auto('user_id', 'integer'), avail('starred_at', 'date-time'), avail('user', 'object')], { 'forced-replication-method': 'FULL_TABLE', 'table-key-properties': ['user_id'] }),
    saas('collaborators', [auto('id', 'integer'), avail('login', 'string'), avail('type', 'string')], { 'forced-replication-method': 'FULL_TABLE', 'table-key-properties': ['id'] }),
  ];
}

function hubspot(): StreamSpec[] {
  return [
    saas('companies', [auto('companyId', 'integer'), auto('property_hs_lastmodifieddate', 'date-time'), avail('properties', 'object', true), avail('portalId', 'integer', true)], incremental('property_hs_lastmodifieddate', ['companyId'])),
    saas('contacts', [auto('vid', 'integer'), auto('versionTimestamp', 'date-time'), avail('properties', 'object', true), avail('identity-profiles', 'array', true), avail('merged-vids', 'array', false)], incremental('versionTimestamp', ['vid'])),
    saas('deals', [auto('dealId', 'integer'), auto('property_hs_lastmodifieddate', 'date-time'), avail('properties', 'object', true), avail('associations', 'object', true)], incremental('property_hs_lastmodifieddate', ['dealId'])),
    saas('email_events', [auto('id', 'string'), auto('created', 'date-time'), avail('type', 'string', true), avail('recipient', 'string', true)], incremental('created', ['id'])),
    saas('owners', [auto('ownerId', 'integer'), avail('email', 'string', true), avail('firstName', 'string', true), avail('updatedAt', 'date-time', true)], { 'forced-replication-method': 'FULL_TABLE', 'table-key-properties': ['ownerId'] }),
  ];
}

function shopify(): StreamSpec[] {
  return [
    saas('abandoned_checkouts', [auto('id', 'integer'), auto('updated_at', 'date-time'), avail('email', 'string'), avail('total_price', 'string'), avail('line_items', 'array')], incremental()),
    saas('collects', [auto('id', 'integer'), auto('updated_at', 'date-time'), avail('collection_id', 'integer'), avail('product_id', 'integer'), avail('position', 'integer'), avail('featured', 'boolean'), avail('sort_value', 'string'), avail('created_at', 'date-time')], incremental()),
    saas('custom_collections', [auto('id', 'integer'), auto('updated_at', 'date-time'), avail('title', 'string'), avail('handle', 'string'), avail('published_at', 'date-time')], incremental()),
    saas('customers', [auto('id', 'integer'), auto('updated_at', 'date-time'), avail('email', 'string'), avail('first_name', 'string'), avail('last_name', 'string'), avail('orders_count', 'integer')], incremental()),
    saas('orders', [auto('id', 'integer'), auto('updated_at', 'date-time'), avail('name', 'string'), avail('total_price', 'string'), avail('financial_status', 'string'), avail('line_items', 'array'), avail('customer', 'object')], incremental()),
    saas('products', [auto('id', 'integer'), auto('updated_at', 'date-time'), avail('title', 'string'), avail('vendor', 'string'), avail('variants', 'array')], incremental()),
  ];
}

function salesforce(): StreamSpec[] {
  const sysmod = (pk = 'Id') => ({ 'table-key-properties': [pk], 'valid-replication-keys': ['SystemModstamp'] });
  const unsupported = (name: string, why: string): FieldSpec => ({ name, kind: 'string', inclusion: 'unsupported', extra: { 'unsupported-description': why } });
  return [
    saas('Account', [auto('Id', 'string'), auto('SystemModstamp', 'date-time'), avail('Name', 'string', true), avail('Industry', 'string', true), avail('AnnualRevenue', 'number', true), unsupported('BillingAddress', 'cannot query compound address fields with the Bulk API')], sysmod()),
    saas('Contact', [auto('Id', 'string'), auto('SystemModstamp', 'date-time'), avail('Email', 'string', true), avail('FirstName', 'string', true), avail('LastName', 'string', true), unsupported('MailingAddress', 'cannot query compound address fields with the Bulk API')], sysmod()),
    saas('Opportunity', [auto('Id', 'string'), auto('SystemModstamp', 'date-time'), avail('Amount', 'number', true), avail('StageName', 'string', true), avail('CloseDate', 'date-time', true)], sysmod()),
    saas('Lead', [auto('Id', 'string'), auto('SystemModstamp', 'date-time'), avail('Company', 'string', true), avail('Status', 'string', true)], sysmod()),
    saas('UserRecordAccess', [auto('Id', 'string'), avail('HasReadAccess', 'boolean', true), avail('RecordId', 'string', true)], {
      'forced-replication-method': { 'replication-method': 'FULL_TABLE', reason: 'No replication keys found from the Salesforce API' },
      'table-key-properties': ['Id'],
    }),
  ];
}

function googleAnalytics(properties: Record<string, unknown>): StreamSpec[] {
  const reports = Array.isArray(properties.report_definitions) && properties.report_definitions.length > 0
    ? (properties.report_definitions as { name?: unknown; id?: unknown }[]).map((r) => String(r.name ?? r.id ?? 'report'))
    : ['Audience Overview'];
  const dim = (name: string, group: string, cubes: string[], exclusions: string[] = []): FieldSpec => ({
    name, kind: 'string', inclusion: 'available', selectedByDefault: false,
    extra: { 'tap_google_analytics.cubes': cubes, 'tap_google_analytics.group': group, behavior: 'DIMENSION', ...(exclusions.length ? { fieldExclusions: exclusions.map((f) => ['properties', f]) } : {}) },
  });
  const metric = (name: string, group: string, cubes: string[], exclusions: string[] = []): FieldSpec => ({
    name, kind: 'integer', inclusion: 'available', selectedByDefault: false,
    extra: { 'tap_google_analytics.cubes': cubes, 'tap_google_analytics.group': group, behavior: 'METRIC', ...(exclusions.length ? { fieldExclusions: exclusions.map((f) => ['properties', f]) } : {}) },
  });
  const visitors = ['per_active_visitors_day_active_visitors_30', 'per_active_visitors_date_active_visitors_30'];
  const session = ['per_session', 'per_geo_dimension_widening'];
  return reports.map((name) => ({
    tap_stream_id: name.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
    stream_name: name.toLowerCase().replace(/[^a-z0-9]+/g, '_'),
    fields: [
      { name: '_sdc_record_hash', kind: 'string', inclusion: 'automatic' },
      { name: 'start_date', kind: 'date-time', inclusion: 'automatic' },
      { name: 'end_date', kind: 'date-time', inclusion: 'automatic' },
      { name: 'account_id', kind: 'string', inclusion: 'automatic' },
      dim('ga:date', 'Time', [...visitors, ...session]),
      dim('ga:country', 'Geo Network', session, ['ga:30dayUsers']),
      dim('ga:deviceCategory', 'Platform or Device', session),
      metric('ga:sessions', 'Session', session),
      metric('ga:users', 'User', [...visitors, ...session]),
      metric('ga:30dayUsers', 'User', visitors, ['ga:country']),
      metric('ga:pageviews', 'Page Tracking', session),
    ],
    meta: {
      inclusion: 'available',
      'table-key-properties': ['_sdc_record_hash'],
      'tap_google_analytics.all_cubes': [...visitors, ...session, 'per_page', 'per_goal_request_uri'],
    },
  }));
}

interface Table { schema: string; table: string; name?: string; view?: boolean; rows: number; columns: [string, FieldKind, string][] }

const POSTGRES_TABLES: Table[] = [
  { schema: 'public', table: 'customers', rows: 1204, columns: [['id', 'integer', 'integer'], ['name', 'string', 'text'], ['email', 'string', 'character varying'], ['created_at', 'date-time', 'timestamp with time zone'], ['updated_at', 'date-time', 'timestamp with time zone']] },
  { schema: 'public', table: 'orders', rows: 8842, columns: [['id', 'integer', 'bigint'], ['customer_id', 'integer', 'integer'], ['total', 'number', 'numeric'], ['status', 'string', 'text'], ['updated_at', 'date-time', 'timestamp with time zone']] },
  { schema: 'public', table: 'order_items', rows: 21577, columns: [['id', 'integer', 'bigint'], ['order_id', 'integer', 'bigint'], ['sku', 'string', 'text'], ['quantity', 'integer', 'integer'], ['price', 'number', 'double precision']] },
  { schema: 'public', table: 'products', rows: 318, columns: [['id', 'integer', 'integer'], ['title', 'string', 'text'], ['has_magic', 'boolean', 'boolean'], ['tags', 'array', 'ARRAY'], ['updated_at', 'date-time', 'timestamp without time zone']] },
  { schema: 'heroku', table: 'orders', rows: 447, columns: [['id', 'integer', 'integer'], ['amount', 'number', 'numeric'], ['placed_at', 'date-time', 'timestamp with time zone']] },
  { schema: 'public', table: 'customer_view', view: true, rows: 125, columns: [['id', 'integer', 'integer'], ['email', 'string', 'character varying'], ['updated_at', 'date-time', 'timestamp with time zone']] },
  { schema: 'analytics', table: 'daily_revenue', view: true, rows: 731, columns: [['day', 'date-time', 'date'], ['revenue', 'number', 'numeric']] },
];

function postgres(properties: Record<string, unknown>): StreamSpec[] {
  const db = typeof properties.database === 'string' && properties.database ? properties.database : 'postgres';
  return POSTGRES_TABLES.map((t) => {
    const pk = t.view ? [] : ['id'];
    return {
      tap_stream_id: `${db}-${t.schema}-${t.table}`,
      stream_name: t.name ?? t.table,
      database: true,
      fields: t.columns.map(([name, kind, sql]) => ({
        name,
        kind,
        sqlDatatype: sql,
        selectedByDefault: true,
        nullable: !pk.includes(name),
        inclusion: pk.includes(name) ? 'automatic' : sql === 'ARRAY' ? 'unsupported' : 'available',
      })),
      meta: { 'database-name': db, 'schema-name': t.schema, 'is-view': Boolean(t.view), 'row-count': t.rows, 'table-key-properties': pk },
    };
  });
}

// ---- synthetic catalogues --------------------------------------------------------------------

const NOUNS = ['accounts', 'users', 'orders', 'invoices', 'events', 'campaigns', 'contacts', 'tickets', 'payments', 'refunds', 'products', 'sessions', 'messages', 'leads', 'deals', 'notes', 'tasks', 'teams', 'projects', 'charges', 'plans', 'coupons', 'reviews', 'shipments', 'assets', 'forms', 'lists', 'segments', 'clicks', 'opens'];
const QUALIFIERS = ['', 'daily_', 'archived_', 'custom_', 'raw_', 'team_', 'global_', 'legacy_', 'pending_', 'shared_'];
const FIELD_WORDS = ['name', 'email', 'status', 'amount', 'currency', 'country', 'city', 'title', 'score', 'count', 'source', 'channel', 'owner', 'label', 'type', 'url', 'phone', 'notes', 'rank', 'total'];
const KINDS: FieldKind[] = ['string', 'string', 'integer', 'number', 'boolean', 'date-time', 'object'];

function syntheticStream(typeSeed: number, index: number, fieldCount: number): StreamSpec {
  const combos = NOUNS.length * QUALIFIERS.length;
  const slot = (index * 7919 + (typeSeed % combos)) % combos; // a stride coprime with combos permutes the names
  const base = `${QUALIFIERS[Math.floor(slot / NOUNS.length)]}${NOUNS[slot % NOUNS.length]}`;
  const name = index < combos ? base : `${base}_${Math.floor(index / combos) + 1}`;
  const rand = prng(typeSeed ^ Math.imul(index + 1, 0x9e3779b1));
  const fields: FieldSpec[] = [auto('id', 'integer'), auto('updated_at', 'date-time')];
  for (let f = 2; f < Math.max(2, fieldCount); f++) {
    const word = FIELD_WORDS[(f - 2) % FIELD_WORDS.length]!;
    const fieldName = f - 2 < FIELD_WORDS.length ? word : `${word}_${Math.floor((f - 2) / FIELD_WORDS.length) + 1}`;
    // Every 29th stream has one field the tap cannot replicate, so selection rules get exercised.
    const inclusion: Inclusion = f === 3 && index % 29 === 28 ? 'unsupported' : 'available';
    fields.push({ name: fieldName, kind: pick(rand, KINDS), inclusion, selectedByDefault: rand() < 0.5 });
  }
  const forced = rand() < 0.3 ? { 'forced-replication-method': 'FULL_TABLE' } : { 'forced-replication-method': 'INCREMENTAL', 'valid-replication-keys': ['updated_at'] };
  return saas(name, fields, { ...forced, 'table-key-properties': ['id'] });
}

function syntheticCatalogue(type: string, options: CatalogueOptions): StreamCatalogue {
  const typeSeed = (hashString(type) ^ Math.imul(options.seed, 0x85ebca6b)) >>> 0;
  const count = options.streams ?? 5 + (typeSeed % 8);
  const fieldCount = options.fields ?? 6 + (typeSeed % 6);
  const cache = new Map<number, StreamSpec>();
  let index: Map<string, number> | undefined;
  const at = (i: number): StreamSpec => {
    let s = cache.get(i);
    if (!s) {
      s = syntheticStream(typeSeed, i, fieldCount);
      cache.set(i, s);
    }
    return s;
  };
  return {
    count,
    at,
    indexOf(id) {
      if (!index) {
        index = new Map();
        for (let i = 0; i < count; i++) index.set(at(i).tap_stream_id, i);
      }
      return index.get(id) ?? -1;
    },
  };
}

const AUTHORED: Record<string, (props: Record<string, unknown>) => StreamSpec[]> = {
  'platform.recurly': recurly,
  'platform.github': github,
  'platform.hubspot': hubspot,
  'platform.shopify': shopify,
  'platform.salesforce': salesforce,
  'platform.google-analytics': googleAnalytics,
  'platform.postgres': postgres,
};

const catalogueCache = new Map<string, StreamCatalogue>();

/**
 * The catalogue discovery finds for a source of `type`. A size override (options or a per-source
 * control call) replaces even an authored catalogue with a synthetic one of that size.
 */
export function catalogueFor(type: string, properties: Record<string, unknown>, options: CatalogueOptions): StreamCatalogue {
  const authored = Object.hasOwn(AUTHORED, type) ? AUTHORED[type] : undefined;
  const sized = options.streams !== undefined || options.fields !== undefined;
  const key = authored && !sized
    ? `${type}|${JSON.stringify(properties.database ?? null)}|${JSON.stringify(properties.report_definitions ?? null)}`
    : `${type}|${options.seed}|${options.streams}|${options.fields}`;
  let cat = catalogueCache.get(key);
  if (!cat) {
    cat = authored && !sized ? listCatalogue(authored(properties)) : syntheticCatalogue(type, options);
    if (catalogueCache.size > 200) catalogueCache.clear();
    catalogueCache.set(key, cat);
  }
  return cat;
}

// ---- schema text -----------------------------------------------------------------------------

const RECURSIVE_DEFINITIONS = Object.fromEntries(
  (['boolean', 'integer', 'number', 'timestamp', 'object', 'string'] as const).map((t) => [
    `sdc_recursive_${t}_array`,
    {
      ...(t === 'timestamp' ? { format: 'date-time' } : {}),
      items: { $ref: `#/definitions/sdc_recursive_${t}_array` },
      type: ['null', t === 'timestamp' ? 'string' : t, 'array'],
    },
  ]),
);

function fieldSchema(field: FieldSpec, database: boolean): Record<string, unknown> {
  const nullable = field.nullable ?? field.inclusion !== 'automatic';
  const types = (t: string) => (nullable || !database ? ['null', t] : [t]);
  switch (field.kind) {
    case 'integer':
      return database ? { maximum: 2147483647, type: types('integer'), minimum: -2147483648 } : { type: types('integer') };
    case 'number':
      return { type: types('number') };
    case 'boolean':
      return { type: types('boolean') };
    case 'date-time':
      return { type: types('string'), format: 'date-time' };
    case 'object':
      return { type: types('object'), properties: {} };
    case 'array':
      return database ? { $ref: '#/definitions/sdc_recursive_string_array' } : { type: types('array'), items: {} };
    default:
      return { type: types('string') };
  }
}

/** The stream's JSON schema, serialised: the API returns `schema` as a string (reference §5.8). */
export function schemaText(stream: StreamSpec): string {
  const properties = Object.fromEntries(stream.fields.map((f) => [f.name, fieldSchema(f, Boolean(stream.database))]));
  const doc = stream.database
    ? { definitions: RECURSIVE_DEFINITIONS, type: 'object', properties }
    : { type: 'object', properties };
  return JSON.stringify(doc);
}
