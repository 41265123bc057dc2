/**
 * The built-in source-type catalogue: report cards authored for the emulator, modelled on real
 * Stitch types. platform.recurly reproduces the Stitch guide's card value for value (facts, so the
 * walkthrough in the guide runs unchanged); the others are our own, shaped like the live capture.
 */
import type { ConnectionStep, Details, PropertyDescriptor, PropertyType, ReportCard } from './types';

interface PropOptions {
  required?: boolean;
  credential?: boolean;
  type?: PropertyType;
  schema?: unknown;
  tapMutable?: boolean;
}

function prop(name: string, options: PropOptions = {}): PropertyDescriptor {
  const type = options.type ?? 'user_provided';
  return {
    name,
    is_required: options.required ?? false,
    is_credential: options.credential ?? false,
    system_provided: type === 'read_only' || type === 'system_provided_by_default',
    property_type: type,
    json_schema: options.schema === undefined ? (type === 'read_only' ? null : { type: 'string' }) : options.schema,
    provided: false,
    tap_mutable: options.tapMutable ?? false,
  };
}

const BOOL_STRING = { type: 'string', pattern: '^(true|false)$' };
const DIGITS = { type: 'string', pattern: '^\\d+' };
const INT_OR_DIGITS = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+' }] };
const HOST_FORMATS = {
  anyOf: [
    { type: 'string', format: 'hostname' },
    { type: 'string', format: 'ipv4' },
    { type: 'string', format: 'ipv6' },
  ],
};

// The scheduling block that nearly every SaaS and database form carries (reference §4.1).
const anchorTime = () => prop('anchor_time', { schema: { type: 'string', format: 'date-time' } });
const cronExpression = () => prop('cron_expression', { schema: null });
const frequency = () =>
  prop('frequency_in_minutes', { schema: { type: 'string', pattern: '^1$|^30$|^60$|^360$|^720$|^1440$' } });
const imageVersion = () => prop('image_version', { required: true, type: 'read_only' });
const startDate = (required = true) =>
  prop('start_date', { required, schema: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T00:00:00Z$' } });

const DISCOVERY_TAIL: ConnectionStep[] = [
  { type: 'discover_schema', properties: [] },
  { type: 'field_selection', properties: [] },
  { type: 'fully_configured', properties: [] },
];

function card(type: string, steps: ConnectionStep[], details: Details, upgrade: { type: string } | null = null): ReportCard {
  return {
    type,
    current_step: 1,
    current_step_type: steps[0]!.type,
    steps,
    details: { protocol: type, access: true, ...details },
    upgrade_available: upgrade,
  };
}

function withTail(form: PropertyDescriptor[], oauth?: PropertyDescriptor[]): ConnectionStep[] {
  const steps: ConnectionStep[] = [{ type: 'form', properties: form }];
  if (oauth) steps.push({ type: 'oauth', properties: oauth });
  return [...steps, ...DISCOVERY_TAIL.map((s) => ({ type: s.type, properties: [] }))];
}

const standard = (interval: number, startDateDefault: string | null, image = '1.latest'): Details => ({
  pricing_tier: 'standard',
  pipeline_state: 'released',
  default_start_date: startDateDefault,
  default_scheduling_interval: interval,
  image_version: image,
});

export function builtInSourceTypes(): ReportCard[] {
  const cards: ReportCard[] = [
    // Exactly the card the Stitch guide walks through.
    card(
      'platform.recurly',
      withTail([
        anchorTime(),
        cronExpression(),
        frequency(),
        imageVersion(),
        startDate(),
        prop('api_key', { required: true, credential: true }),
        prop('subdomain', { required: true }),
        prop('quota_limit', { required: true, schema: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\d+' }] } }),
      ]),
      { pricing_tier: 'standard', pipeline_state: 'released', default_start_date: '-1 year', default_scheduling_interval: 60, image_version: '1.latest' },
    ),
    // A database: SSH tunnel and SSL options, host in three formats, streams named <db>-<schema>-<table>.
    card(
      'platform.postgres',
      withTail([
        anchorTime(),
        cronExpression(),
        prop('database', { required: true }),
        prop('default_replication_method', { schema: { type: 'string', pattern: '^(LOG_BASED|FULL_TABLE|INCREMENTAL)$' } }),
        prop('filter_schemas', { type: 'user_provided_advanced' }),
        frequency(),
        prop('host', { required: true, schema: HOST_FORMATS }),
        imageVersion(),
        prop('password', { required: true, credential: true }),
        prop('port', { required: true, schema: INT_OR_DIGITS }),
        prop('ssh', { schema: BOOL_STRING }),
        prop('ssh_host', { schema: HOST_FORMATS }),
        prop('ssh_port', { schema: DIGITS }),
        prop('ssh_user', {}),
        prop('ssl', { schema: BOOL_STRING }),
        prop('ssl_root_certificate', { type: 'user_provided_advanced' }),
        prop('user', { required: true }),
        prop('use_log_based_replication', { schema: BOOL_STRING, type: 'user_provided_immutable' }),
      ]),
      { ...standard(30, null), default_start_date: null },
    ),
    // OAuth: form -> oauth -> discovery; the oauth properties default to Stitch's own app.
    card(
      'platform.hubspot',
      withTail(
        [
          anchorTime(),
          cronExpression(),
          prop('email_chunk_size', { schema: INT_OR_DIGITS }),
          frequency(),
          imageVersion(),
          prop('include_inactives', { schema: BOOL_STRING }),
          startDate(),
        ],
        [
          prop('client_id', { required: true, credential: true, type: 'system_provided_by_default' }),
          prop('client_secret', { required: true, credential: true, type: 'system_provided_by_default' }),
          prop('redirect_uri', { required: true, credential: true, type: 'system_provided_by_default', schema: { type: 'string', format: 'uri' } }),
          prop('refresh_token', { required: true, credential: true, type: 'system_provided_by_default' }),
        ],
      ),
      standard(30, '-30 days', '2.latest'),
    ),
    // An array-valued property (report_definitions) and Google-Analytics-style metadata.
    card(
      'platform.google-analytics',
      withTail(
        [
          anchorTime(),
          cronExpression(),
          frequency(),
          imageVersion(),
          prop('quota_user', { required: true, type: 'read_only', schema: { type: 'string' } }),
          prop('report_definitions', {
            schema: {
              type: 'array',
              items: {
                type: 'object',
                properties: { name: { type: 'string' }, id: { type: 'string' } },
                additionalProperties: false,
                required: ['name', 'id'],
              },
            },
          }),
          startDate(),
        ],
        [
          prop('client_id', { required: true, credential: true, type: 'system_provided_by_default' }),
          prop('client_secret', { required: true, credential: true, type: 'system_provided_by_default' }),
          prop('refresh_token', { required: true, credential: true, type: 'system_provided_by_default' }),
          prop('view_id', { required: true }),
        ],
      ),
      standard(60, '-1 year'),
    ),
    // SaaS with an api_key in the oauth step, like the docs' Shopify example.
    card(
      'platform.shopify',
      withTail(
        [anchorTime(), cronExpression(), prop('date_window_size', { schema: INT_OR_DIGITS }), frequency(), imageVersion(), prop('shop', { required: true }), startDate()],
        [prop('api_key', { required: true, credential: true, type: 'system_provided_by_default' })],
      ),
      standard(60, '-1 year'),
    ),
    // Salesforce: forced-replication-method in object form, unsupported fields.
    card(
      'platform.salesforce',
      withTail(
        [
          anchorTime(),
          prop('api_type', { required: true, schema: { type: 'string', pattern: '^(REST|BULK)$' } }),
          cronExpression(),
          frequency(),
          imageVersion(),
          prop('is_sandbox', { schema: BOOL_STRING }),
          prop('select_fields_by_default', { required: true, schema: BOOL_STRING }),
          startDate(),
        ],
        [
          prop('client_id', { required: true, credential: true, type: 'system_provided_by_default' }),
          prop('client_secret', { required: true, credential: true, type: 'system_provided_by_default' }),
          prop('instance_url', { required: true, type: 'system_provided_by_default', schema: { type: 'string', format: 'uri' } }),
          prop('refresh_token', { required: true, credential: true, type: 'system_provided_by_default' }),
        ],
      ),
      standard(60, '-1 year'),
    ),
    // A plain form-only SaaS source with a token credential.
    card(
      'platform.github',
      withTail([
        prop('access_token', { required: true, credential: true }),
        anchorTime(),
        cronExpression(),
        frequency(),
        imageVersion(),
        prop('repository', { required: true }),
        startDate(),
      ]),
      standard(60, '-1 year'),
    ),
    // Plan-gated: access false, so creating one answers AccessDenied.
    card(
      'platform.oracle',
      withTail([
        anchorTime(),
        cronExpression(),
        frequency(),
        prop('host', { required: true, schema: HOST_FORMATS }),
        imageVersion(),
        prop('password', { required: true, credential: true }),
        prop('port', { required: true, schema: INT_OR_DIGITS }),
        prop('sid', { required: true }),
        prop('user', { required: true }),
      ]),
      { pricing_tier: 'enterprise', pipeline_state: 'released', default_start_date: null, default_scheduling_interval: 60, access: false, image_version: '1.latest' },
    ),
    // form -> fully_configured, webhook-like: nothing to discover.
    card(
      'webhook.incoming-webhook',
      [
        { type: 'form', properties: [prop('webhookz_primary_key', {})] },
        { type: 'fully_configured', properties: [] },
      ],
      { ...standard(60, '-1 year', '0.latest'), protocol: 'incoming-webhook' },
    ),
    card('import_api', [{ type: 'form', properties: [] }, { type: 'fully_configured', properties: [] }], standard(60, '-1 year', '0.latest')),
    // A legacy entry: no steps, like the 44 v0 entries in the live capture.
    { type: 'mysql', details: { pricing_tier: 'standard', pipeline_state: 'deprecated', default_start_date: null, default_scheduling_interval: 60, protocol: 'mysql', access: false, image_version: null }, upgrade_available: { type: 'platform.postgres' } },
  ];
  // The generic card reports where a fresh source would stand (reference §4.1): types whose form
  // needs nothing from the user show the next step, as webhooks and import_api do.
  for (const c of cards) {
    if (!c.steps) continue;
    const index = c.steps.findIndex((s) => s.properties.some((p) => p.is_required && p.property_type !== 'read_only'));
    const at = index === -1 ? c.steps.length - 1 : index;
    c.current_step = at + 1;
    c.current_step_type = c.steps[at]!.type;
  }
  return cards;
}
