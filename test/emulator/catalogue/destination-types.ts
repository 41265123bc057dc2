/** Destination report cards (reference §4.12, §5.13): authored for the emulator, form -> fully_configured. */
import type { PropertyDescriptor, ReportCard } from './types';

const HOST = { anyOf: [{ type: 'string', format: 'ipv4' }, { type: 'string', format: 'ipv6' }, { type: 'string', format: 'hostname' }] };
const PORT = { type: 'string', pattern: '^\\d+$' };

// Destination descriptors leave out tap_mutable.
function p(name: string, required: boolean, schema: unknown = { type: 'string' }, credential = false, system = false): PropertyDescriptor {
  return {
    name,
    is_required: required,
    is_credential: credential,
    system_provided: system,
    property_type: system ? 'system_provided_by_default' : 'user_provided',
    json_schema: schema,
    provided: false,
  };
}

function dest(type: string, properties: PropertyDescriptor[], state = 'released'): ReportCard {
  return {
    type,
    current_step: 1,
    current_step_type: 'form',
    steps: [{ type: 'form', properties }, { type: 'fully_configured', properties: [] }],
    details: { pricing_tier: 'standard', pipeline_state: state, protocol: type, access: true },
  };
}

const sshTunnel = () => [
  p('encryption_host', false, HOST),
  p('encryption_port', false, PORT),
  p('encryption_type', true, { type: 'string', pattern: '^(ssh|none)$' }),
  p('encryption_username', false),
];

export function builtInDestinationTypes(): ReportCard[] {
  return [
    dest('postgres', [p('database', true), ...sshTunnel(), p('host', true, HOST), p('password', true, { type: 'string' }, true), p('port', true, PORT), p('ssl', true, { type: 'boolean' }), p('sslrootcert', false), p('username', true)]),
    dest('redshift', [p('database', true), ...sshTunnel(), p('host', true, HOST), p('password', true, { type: 'string' }, true), p('port', true, PORT), p('username', true)]),
    dest('snowflake', [p('database', true), p('host', true, HOST), p('password', true, { type: 'string' }, true), p('port', true, PORT), p('role', false), p('username', true, { type: 'string' }, true), p('warehouse', true)]),
    // Authored [I]: the docs describe BigQuery's form but our fixtures hold no BigQuery report card.
    dest('bigquery', [p('location', false, { type: 'string', pattern: '^(US|EU|[a-z]+-[a-z]+[0-9])$' }), p('project_id', true, { type: 'string', pattern: '^[a-z][a-z0-9-]{4,28}[a-z0-9]$' }), p('service_account_json', true, { type: 'string' }, true)]),
    dest('s3', [
      p('csv_delimiter', false),
      p('csv_force_quote', false, { type: 'string', pattern: '^(true|false)$' }),
      p('output_file_format', true, { type: 'string', pattern: '^(csv|jsonl)$' }),
      p('s3_bucket', true),
      p('s3_key_format_string', true),
      p('sentinel_key', true, { type: 'string', pattern: '^stitch-challenge-file-.*$' }, true, true),
    ]),
  ];
}
