/**
 * Wire types of the Stitch Connect API v4, as the reference (§5) describes them. Field names are the
 * API's own. Fields the reference marks as sometimes absent are optional; nothing here is trusted
 * beyond the light runtime checks in shape.ts.
 */

export type Iso8601 = string;

// §5.4
export type PropertyType =
  | 'read_only'
  | 'system_provided_by_default'
  | 'user_provided'
  | 'user_provided_immutable'
  | 'user_provided_advanced';

export interface PropertyDescriptor {
  name: string;
  is_required: boolean;
  is_credential: boolean;
  /** Deprecated by Stitch; use property_type. */
  system_provided?: boolean;
  property_type: PropertyType | string;
  /** null for read-only properties and, in practice, for cron_expression. */
  json_schema: Record<string, unknown> | null;
  provided: boolean;
  /** Absent on destination report cards. */
  tap_mutable?: boolean;
}

// §5.2, §5.3
export type StepType =
  | 'form'
  | 'oauth'
  | 'profile'
  | 'discover_schema'
  | 'field_selection'
  | 'fully_configured';

export interface ConnectionStep {
  type: StepType | string;
  properties: PropertyDescriptor[];
}

// §5.5
export interface Details {
  access: boolean;
  pricing_tier?: 'standard' | 'enterprise' | string;
  pipeline_state?: 'alpha' | 'beta' | 'released' | 'deprecated' | string;
  protocol?: string;
  default_scheduling_interval?: number | null;
  default_start_date?: string | null;
  image_version?: string | null;
}

export interface ReportCard {
  type: string;
  /** 1-based position of the first incomplete step (equals steps.length once fully configured). */
  current_step?: number;
  current_step_type?: StepType | string;
  /** Absent on legacy/deprecated entries of the source-types list. */
  steps?: ConnectionStep[];
  details?: Details;
  /** Only on the source-types list: the newer type that replaces this one. */
  upgrade_available?: { type: string } | null;
}

export type SourceReportCard = ReportCard;
export type DestinationReportCard = ReportCard;

// §5.6
export type Schedule =
  | { type: 'interval'; unit: 'minute' | string; interval: number; next_fire_time: Iso8601 | null }
  | { type: 'cron'; cron_expression: string; next_fire_time: Iso8601 | null };

/** Property values are normally strings, but some json_schemas take numbers, booleans or arrays. */
export type PropertyValue = string | number | boolean | null | unknown[] | Record<string, unknown>;
export type Properties = Record<string, PropertyValue>;

// §5.1
export interface Source {
  id: number;
  stitch_client_id: number;
  type: string;
  /** The destination schema name: derived from display_name at creation, never changes. */
  name: string;
  display_name: string;
  /** Provided values only; credentials are never returned. */
  properties: Properties;
  schedule: Schedule | null;
  check_job_name?: string | null;
  created_at: Iso8601;
  updated_at: Iso8601;
  paused_at: Iso8601 | null;
  system_paused_at: Iso8601 | null;
  deleted_at: Iso8601 | null;
  report_card?: SourceReportCard;
  destination_id?: number | null;
}

// §4.2
export interface CreateSourceBody {
  type: string;
  display_name: string;
  properties?: Properties;
  destination_id?: number;
}

// §4.4: properties are merged (a partial update). Omit a credential to leave it unchanged.
export interface UpdateSourceBody {
  display_name?: string;
  properties?: Properties;
  paused_at?: Iso8601 | null;
  destination_id?: number;
}

// §5.9
export interface ConnectionCheck {
  name: string;
  mode: 'check' | string;
  status: 'running' | 'succeeded' | 'failed' | string;
  start_time: Iso8601 | null;
  completion_time: Iso8601 | null;
  /** True when any exit status is non-zero. A data field, not an API error. */
  error: boolean;
  check_exit_status: number | null;
  discovery_exit_status: number | null;
  discovery_error_message: string | null;
  tap_exit_status: number | null;
  tap_error_message: string | null;
  target_exit_status: number | null;
  target_error_message: string | null;
}

// §5.7, §5.8
export type ReplicationMethod = 'FULL_TABLE' | 'INCREMENTAL' | 'LOG_BASED';

export interface StreamLevelMetadata {
  selected?: boolean | null;
  'replication-method'?: ReplicationMethod | string;
  'replication-key'?: string;
  'view-key-properties'?: string[];
  /** A string, or for Salesforce an object. */
  'forced-replication-method'?: string | { 'replication-method': string; reason?: string };
  'table-key-properties'?: string[];
  'valid-replication-keys'?: string[] | string;
  'database-name'?: string;
  'schema-name'?: string;
  'is-view'?: boolean;
  'row-count'?: number;
  [key: string]: unknown;
}

export interface FieldLevelMetadata {
  inclusion?: 'automatic' | 'available' | 'unsupported' | string;
  selected?: boolean | null;
  'selected-by-default'?: boolean | null;
  'sql-datatype'?: string;
  'unsupported-description'?: string;
  fieldExclusions?: string[][];
  [key: string]: unknown;
}

export interface Stream {
  stream_id: number;
  tap_stream_id: string;
  /** May repeat across DB schemas; tap_stream_id is the unique key. */
  stream_name: string;
  selected: boolean | null;
  metadata: StreamLevelMetadata;
}

export type Breadcrumb = string[];

export interface MetadataEntry {
  /** [] for the stream itself, ["properties", "<field>"] for a field. */
  breadcrumb: Breadcrumb;
  metadata: StreamLevelMetadata | FieldLevelMetadata;
}

export interface StreamSchema {
  /** A JSON Schema document encoded as a string (sic): see parseStreamSchema. */
  schema: string;
  metadata: MetadataEntry[];
  'non-discoverable-metadata-keys'?: string[];
}

/** The decoded `schema` of a StreamSchema. */
export interface JsonSchemaObject {
  type?: string | string[];
  properties?: Record<string, JsonSchemaObject>;
  items?: JsonSchemaObject;
  format?: string;
  [key: string]: unknown;
}

// §4.8
export interface StreamMetadataUpdate {
  streams: {
    tap_stream_id: string;
    metadata: { breadcrumb: Breadcrumb; metadata: Record<string, unknown> }[];
  }[];
}

// §5.10
export interface SyncStarted {
  job_name: string;
}

// §5.11
export interface Extraction {
  job_name: string;
  stitch_client_id: number;
  source_id: number;
  /** "tap-<name>"; the docs' table calls it tap_name, which some servers may send instead. */
  source_type?: string;
  tap_name?: string;
  start_time: Iso8601 | null;
  completion_time: Iso8601 | null;
  discovery_exit_status: number | null;
  discovery_description: string | null;
  tap_exit_status: number | null;
  tap_description: string | null;
  target_exit_status: number | null;
  target_description: string | null;
}

// §5.12
export interface LoadErrorState {
  notification_data?: Record<string, unknown>;
  exception_chain?: Record<string, unknown>[];
  [key: string]: unknown;
}

export interface Load {
  stitch_client_id: number;
  /** The Source `name` (schema name). */
  source_name: string;
  stream_name: string;
  last_batch_loaded_at: Iso8601 | null;
  error_state: LoadErrorState | null;
}

// §7.5
export interface PageLinks {
  next?: string;
  previous?: string;
}

export interface Page<T> {
  data: T[];
  page: number;
  total: number;
  links: PageLinks;
}

// §5.13
export interface Destination {
  id: number;
  stitch_client_id: number;
  type: string;
  name: string | null;
  display_name?: string | null;
  description?: string | null;
  properties: Properties;
  created_at: Iso8601;
  updated_at: Iso8601;
  paused_at?: Iso8601 | null;
  system_paused_at?: Iso8601 | null;
  deleted_at?: Iso8601 | null;
  check_job_name?: string | null;
  report_card?: DestinationReportCard;
}

// §4.12
export interface CreateDestinationBody {
  type: string;
  properties: Properties;
  name?: string;
  description?: string;
  ignore_unmapped_sources?: boolean;
}

export interface UpdateDestinationBody {
  properties: Properties;
  /** A rename (the emulator and the web app accept it; the docs' example sends properties only). */
  name?: string;
}

/** `{"status":200}` from PUT streams/metadata and DELETE sync. */
export interface StatusBody {
  status?: number;
}
