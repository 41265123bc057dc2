/**
 * The JSON schema of a type's source file, from its report card: VS Code's own JSON features give
 * completion, hover and errors from it. Credential properties accept only a secret reference.
 */
import { propertyText } from '../labels';
import { describePattern } from '../patterns';
import type { ReportCard } from '../reportCard';
import { frequencyChoices } from '../schedule';
import { cardProperties, fileProperties, propertyTypeOf } from './card';
import { FILE_KIND, isObject } from './model';

const SECRET_REF = {
  type: 'object',
  description: 'A credential, never its value: {"$secret": "name"} (Stitch: Set Secret…) or {"$env": "VARIABLE"}.',
  oneOf: [
    { type: 'object', properties: { $secret: { type: 'string', minLength: 1, description: 'The name of a secret kept in VS Code’s secret storage for this account.' } }, required: ['$secret'], additionalProperties: false },
    { type: 'object', properties: { $env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'An environment variable holding the value (CI, terminals).' } }, required: ['$env'], additionalProperties: false },
  ],
  defaultSnippets: [{ label: 'secret reference', body: { $secret: '$1' } }],
};

export function fileJsonSchema(card: ReportCard): Record<string, unknown> {
  const props = cardProperties(card);
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const p of fileProperties(props)) {
    const text = propertyText(p.name);
    const notes: string[] = [text.help ?? text.label];
    const kind = propertyTypeOf(p);
    if (kind === 'user_provided_immutable') notes.push('Can’t be changed after the source is created.');
    if (kind === 'system_provided_by_default') notes.push('Stitch sets this unless you do.');
    if (p.is_required && kind !== 'system_provided_by_default') { required.push(p.name); notes.push('Required.'); }
    if (p.is_credential) {
      properties[p.name] = { ...SECRET_REF, description: `${notes.join(' ')} A credential: a secret reference only.` };
      continue;
    }
    const base = isObject(p.json_schema) ? { ...p.json_schema } : {};
    if (typeof base.pattern === 'string') notes.push(`Format: ${describePattern(base.pattern)}.`);
    properties[p.name] = { ...base, description: notes.join(' ') };
  }
  const frequencies = frequencyChoices(props.get('frequency_in_minutes')?.json_schema).map((c) => c.minutes);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Stitch source file: ${card.type}`,
    type: 'object',
    required: ['kind', 'type', 'displayName', 'properties'],
    properties: {
      $schema: { type: 'string' },
      kind: { const: FILE_KIND, description: 'Always "source".' },
      type: { const: card.type, description: 'The source type; changing it needs a new source.' },
      displayName: { type: 'string', minLength: 1, description: 'The name shown in Stitch; the destination schema name is derived from it at creation.' },
      account: { type: 'integer', minimum: 1, description: 'The Stitch client id this source belongs to; apply refuses on another account.' },
      id: { type: 'integer', minimum: 1, description: 'The source id; omit it to create the source. Apply writes it back.' },
      properties: { type: 'object', description: 'Connection settings, as the report card defines them.', properties, required },
      schedule: {
        description: 'When Stitch replicates: a Quartz cron expression, or every N minutes (optionally from an anchor time).',
        oneOf: [
          { type: 'object', properties: { cron: { type: 'string', description: 'Quartz cron, e.g. "0 0 6 ? * MON-FRI" (checked as you type).' } }, required: ['cron'], additionalProperties: false },
          {
            type: 'object',
            properties: {
              everyMinutes: { type: 'integer', ...(frequencies.length ? { enum: frequencies } : { minimum: 1 }), description: 'Minutes between runs.' },
              anchor: { type: 'string', format: 'date-time', description: 'Runs fall at anchor + k × everyMinutes.' },
            },
            required: ['everyMinutes'],
            additionalProperties: false,
          },
        ],
      },
      streams: {
        type: 'object',
        description: 'The whole selection: listed streams (by tap_stream_id) are selected, every other one is not. Omit to leave the selection alone.',
        additionalProperties: {
          type: 'object',
          properties: {
            replicationMethod: { enum: ['FULL_TABLE', 'INCREMENTAL', 'LOG_BASED'] },
            replicationKey: { type: 'string', minLength: 1 },
            fields: {
              description: 'Which fields replicate: "default" (what Stitch picks), "all", a list of field names, or {"exclude": [names]}. Automatic and selected-by-default fields always replicate; unsupported ones never do. Omit to leave the fields alone.',
              oneOf: [
                { enum: ['default', 'all'] },
                { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
                { type: 'object', properties: { exclude: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true } }, required: ['exclude'], additionalProperties: false },
              ],
              defaultSnippets: [{ label: 'all fields but some', body: { exclude: ['$1'] } }],
            },
          },
          additionalProperties: false,
        },
      },
      select: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        description: 'Selection rules, one per entry, the last matching rule wins: "stream", "stream.field", "!" to exclude, * ? [a-z] patterns, "\\\\." for a dot in an id, and method=…, key=…, view-keys=… per stream. Their result is the whole selection. Not together with "streams".',
        markdownDescription: 'Selection rules, one per entry; **the last matching rule wins**. `stream` or `stream.field`, `!` to exclude, `*` `?` `[a-z]` patterns, `\\\\.` for a dot in an id, and `method=…` `key=…` `view-keys=…` per stream. Their result is the whole selection. Not together with `streams`.',
      },
    },
    additionalProperties: false,
  };
}
