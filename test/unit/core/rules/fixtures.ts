// Catalogues for the rule tests: a hand-made one covering every Stitch case (shapes from reference
// §5.7/§5.8, names invented), and the emulator's catalogues turned into the wire shape its
// GET /v4/sources/{id}/streams/{stream_id} route serves.
import { parseStreamSchema, type MetadataEntry, type StreamModel } from '../../../../src/core/selection';
import { catalogueFor, schemaText, type StreamSpec } from '../../../emulator/catalogue/streams';

type FieldDef = [name: string, md?: Record<string, unknown>];

function stream(id: string, streamMd: Record<string, unknown>, fields: FieldDef[]): StreamModel {
  const metadata: MetadataEntry[] = [{ breadcrumb: [], metadata: streamMd }];
  const properties: Record<string, unknown> = {};
  for (const [name, md] of fields) {
    properties[name] = { type: ['null', 'string'] };
    metadata.push({ breadcrumb: ['properties', name], metadata: { inclusion: 'available', ...md } });
  }
  return parseStreamSchema(id, { schema: JSON.stringify({ type: 'object', properties }), metadata });
}

const auto = { inclusion: 'automatic' };
const sbd = { 'selected-by-default': true };
const db = (schema: string, view = false) => ({ 'database-name': 'shop', 'schema-name': schema, 'is-view': view, 'table-key-properties': view ? [] : ['id'] });

/** Every stream kind the rules must handle. */
export function ruleCatalogue(): StreamModel[] {
  return [
    stream('orders', { 'forced-replication-method': 'INCREMENTAL', 'table-key-properties': ['id'], 'valid-replication-keys': ['updated_at'] }, [
      ['id', auto], ['updated_at', auto], ['total', sbd], ['note'],
      ['legacy', { inclusion: 'unsupported', 'unsupported-description': 'the bulk API does not return it' }],
      ['clicks', { fieldExclusions: [['properties', 'bid_type']] }], ['bid_type'],
    ]),
    stream('order_items', { 'forced-replication-method': 'FULL_TABLE', 'table-key-properties': ['id'] }, [['id', auto], ['sku'], ['qty'], ['price']]),
    stream('customers', { 'table-key-properties': ['id'], 'valid-replication-keys': ['updated_at', 'created_at'] }, [
      ['id', auto], ['email'], ['email_pii'], ['name'], ['password'], ['updated_at'], ['created_at'],
    ]),
    stream('shop-public-users', db('public'), [['id', auto], ['name'], ['password'], ['ssn_pii'], ['updated_at']]),
    stream('shop-public-user_view', db('public', true), [['id'], ['email']]),
    stream('shop-audit-audit_log', db('audit'), [['id', auto], ['payload']]),
    stream('events.v2', { 'forced-replication-method': 'FULL_TABLE' }, [['id', auto], ['type'], ['props']]),
    stream('Account', { 'forced-replication-method': { 'replication-method': 'FULL_TABLE', reason: 'No replication keys found from the Salesforce API' }, 'table-key-properties': ['Id'] }, [
      ['Id', auto], ['Name', sbd], ['BillingAddress', { inclusion: 'unsupported', 'unsupported-description': 'cannot query compound address fields with the Bulk API' }],
    ]),
    stream('traffic', { 'table-key-properties': ['_sdc_record_hash'] }, [
      ['_sdc_record_hash', auto], ['ga:date'], ['ga:country', { fieldExclusions: [['properties', 'ga:30dayUsers']] }],
      ['ga:users'], ['ga:30dayUsers', { fieldExclusions: [['properties', 'ga:country']] }],
    ]),
  ];
}

/** The stream schema the emulator serves for a spec (routes/streams.ts), parsed as the extension parses it. */
export function modelFromSpec(spec: StreamSpec): StreamModel {
  const metadata: MetadataEntry[] = [{ breadcrumb: [], metadata: { ...spec.meta } }];
  for (const f of spec.fields) {
    const m: Record<string, unknown> = { inclusion: f.inclusion };
    if (f.selectedByDefault !== undefined) m['selected-by-default'] = f.selectedByDefault;
    if (f.sqlDatatype) m['sql-datatype'] = f.sqlDatatype;
    Object.assign(m, f.extra ?? {});
    metadata.push({ breadcrumb: ['properties', f.name], metadata: m });
  }
  return parseStreamSchema(spec.tap_stream_id, { schema: schemaText(spec), metadata }, { tap_stream_id: spec.tap_stream_id, stream_name: spec.stream_name, selected: null });
}

/** Every authored emulator catalogue, with the properties its sources are created with. */
export const AUTHORED: Record<string, Record<string, unknown>> = {
  'platform.recurly': {},
  'platform.github': {},
  'platform.hubspot': {},
  'platform.shopify': {},
  'platform.salesforce': {},
  'platform.google-analytics': { report_definitions: [{ name: 'Traffic', id: 'r1' }, { name: 'Audience Overview', id: 'r2' }] },
  'platform.postgres': { database: 'shop' },
};

export function authoredModels(type: string): StreamModel[] {
  const cat = catalogueFor(type, AUTHORED[type] ?? {}, { seed: 1 });
  return Array.from({ length: cat.count }, (_, i) => modelFromSpec(cat.at(i)));
}

/** The emulator's synthetic catalogue of `streams` × `fields`. */
export function syntheticModels(streams: number, fields: number): StreamModel[] {
  const cat = catalogueFor('platform.synthetic-bench', {}, { seed: 1, streams, fields });
  return Array.from({ length: cat.count }, (_, i) => modelFromSpec(cat.at(i)));
}
