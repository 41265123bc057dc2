import { own } from './dict';

/**
 * Readable labels for report-card property names and connection steps.
 *
 * Every property gets a label derived from its snake_case name; a small bundled overlay (in our own
 * words) improves the common ones and adds one-line help.
 */

/** Words written in a fixed way wherever they appear in a property name. */
const WORD_FORMS: Readonly<Record<string, string>> = {
  api: 'API', apikey: 'API key', ssl: 'SSL', ssh: 'SSH', url: 'URL', urls: 'URLs', uri: 'URI', id: 'ID', ids: 'IDs',
  oauth: 'OAuth', ip: 'IP', db: 'DB', dbs: 'databases', dbname: 'database name', aws: 'AWS', s3: 'S3', sql: 'SQL',
  json: 'JSON', csv: 'CSV', http: 'HTTP', https: 'HTTPS', ca: 'CA', pks: 'primary keys', utc: 'UTC', sftp: 'SFTP',
  ftp: 'FTP', iam: 'IAM', arn: 'ARN', tls: 'TLS', jwt: 'JWT', crm: 'CRM', sdk: 'SDK', sso: 'SSO', gcs: 'GCS',
  eu: 'EU', us: 'US', uat: 'UAT', rsa: 'RSA', lsn: 'LSN', scn: 'SCN', sid: 'SID', guid: 'GUID', uuid: 'UUID',
  qb: 'QuickBooks', appid: 'app ID', orgid: 'organization ID', wal2json: 'wal2json', tpl: '3PL', tz: 'time zone',
  dynamo: 'DynamoDB', pagesize: 'page size', webhookz: 'webhook', pendo: 'Pendo', git: 'Git', xero: 'Xero',
};

/** The label of a property whose name is empty or only blanks. */
export const UNNAMED = '(unnamed setting)';

/** "start_date" → "Start date", "ssl_ca" → "SSL CA", "oauth_client_id" → "OAuth client ID", "apiKey" → "API key". */
export function labelFromName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_\-.\s]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  // A name with no words ("", "__") is shown as written, or as a placeholder when it shows nothing.
  if (words.length === 0) return name.trim() === '' ? UNNAMED : name;
  // Own keys only: "constructor" is a word here, not Object.prototype's member.
  const text = words.map((w) => own(WORD_FORMS, w) ?? w).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface PropertyText {
  readonly label: string;
  readonly help?: string;
}

/** Labels and help for property names that many source types share. Our own wording. */
export const PROPERTY_TEXT: Readonly<Record<string, PropertyText>> = {
  start_date: { label: 'Start date', help: 'Historical data is replicated from this date onward (midnight UTC).' },
  end_date: { label: 'End date', help: 'Stop replicating data after this date. Leave empty to keep going.' },
  frequency_in_minutes: { label: 'Replication frequency', help: 'How often Stitch starts a replication job for this source.' },
  anchor_time: { label: 'Anchor time', help: 'Runs are aligned to this moment: the anchor plus whole multiples of the frequency.' },
  cron_expression: { label: 'Cron schedule', help: 'A Quartz cron expression (seconds first, UTC). It overrides frequency and anchor time; needs a plan that allows it.' },
  image_version: { label: 'Integration version', help: 'The version of the integration Stitch runs. Set by Stitch.' },
  api_key: { label: 'API key', help: 'The key Stitch uses to call this service’s API on your behalf.' },
  api_token: { label: 'API token', help: 'The token Stitch uses to call this service’s API on your behalf.' },
  api_secret: { label: 'API secret', help: 'The secret that goes with the API key.' },
  access_token: { label: 'Access token', help: 'A token that grants Stitch access to your account.' },
  refresh_token: { label: 'Refresh token', help: 'Lets Stitch obtain new access tokens without asking you to sign in again.' },
  token: { label: 'Token', help: 'The credential Stitch uses to authenticate to this service.' },
  client_id: { label: 'Client ID', help: 'The ID of an OAuth application. Leave empty to use Stitch’s own app.' },
  client_secret: { label: 'Client secret', help: 'The secret of that OAuth application. Leave empty to use Stitch’s own app.' },
  oauth_client_id: { label: 'OAuth client ID', help: 'The ID of your own OAuth application, if you use one.' },
  oauth_client_secret: { label: 'OAuth client secret', help: 'The secret of your own OAuth application, if you use one.' },
  redirect_uri: { label: 'Redirect URI', help: 'Where the OAuth provider sends the user back to. Only needed with your own OAuth app.' },
  host: { label: 'Host', help: 'The database server’s hostname or IP address, reachable from Stitch.' },
  port: { label: 'Port', help: 'The TCP port the database listens on.' },
  user: { label: 'User', help: 'The database user Stitch connects as. Read-only access is enough.' },
  username: { label: 'Username', help: 'The user name Stitch signs in with.' },
  password: { label: 'Password', help: 'The password for that user. Never shown again once saved.' },
  database: { label: 'Database', help: 'The name of the database to connect to.' },
  dbname: { label: 'Database name', help: 'The name of the database to connect to.' },
  filter_dbs: { label: 'Databases to include', help: 'Limit discovery to these databases (comma-separated). Leave empty for all.' },
  filter_schemas: { label: 'Schemas to include', help: 'Limit discovery to these schemas (comma-separated). Leave empty for all.' },
  ssl: { label: 'Use SSL', help: 'Encrypt the connection to the database with SSL/TLS.' },
  ssl_ca: { label: 'SSL CA certificate', help: 'The certificate authority that signed the server’s certificate (PEM).' },
  ssl_cert: { label: 'SSL client certificate', help: 'The client certificate Stitch presents (PEM).' },
  ssl_key: { label: 'SSL client key', help: 'The private key of the client certificate (PEM).' },
  ssl_client_auth_enabled: { label: 'SSL client authentication', help: 'Authenticate Stitch to the server with a client certificate.' },
  check_hostname: { label: 'Verify server hostname', help: 'Check that the server certificate matches the host name.' },
  verify_mode: { label: 'Verify server certificate', help: 'Check the server certificate against the CA.' },
  ssh: { label: 'Use an SSH tunnel', help: 'Reach the database through an SSH bastion host.' },
  ssh_host: { label: 'SSH host', help: 'The bastion host Stitch opens the SSH tunnel to.' },
  ssh_port: { label: 'SSH port', help: 'The SSH port of the bastion host (usually 22).' },
  ssh_user: { label: 'SSH user', help: 'The user on the bastion host that Stitch’s public key is authorized for.' },
  use_log_based_replication: { label: 'Log-based replication', help: 'Read changes from the database log instead of querying tables.' },
  default_replication_method: { label: 'Default replication method', help: 'The method new tables use unless you choose another per table.' },
  include_schemas_in_destination_stream_name: { label: 'Prefix table names with the schema', help: 'Name destination tables schema_table, so tables with the same name in different schemas don’t collide.' },
  server_id: { label: 'Server ID', help: 'A unique replica ID Stitch uses when reading the binary log.' },
  subdomain: { label: 'Subdomain', help: 'The first part of your account’s web address.' },
  domain: { label: 'Domain', help: 'Your account’s domain.' },
  account_id: { label: 'Account ID', help: 'The ID of the account to replicate.' },
  user_agent: { label: 'User agent', help: 'Identifies Stitch’s requests to the service, usually with a contact email.' },
  sandbox: { label: 'Sandbox', help: 'Connect to the sandbox environment instead of production.' },
  is_sandbox: { label: 'Sandbox', help: 'Connect to the sandbox environment instead of production.' },
  base_url: { label: 'Base URL', help: 'The address of the service’s API.' },
  api_url: { label: 'API URL', help: 'The address of the service’s API.' },
  page_size: { label: 'Page size', help: 'How many records to request per API call.' },
  lookback_window: { label: 'Lookback window', help: 'How many days back to re-read on each run, to catch late changes.' },
  date_window_size: { label: 'Date window size', help: 'How many days each request covers.' },
  quota_limit: { label: 'API quota share', help: 'The share of the API rate limit Stitch may use, as a percentage.' },
  incremental_limit: { label: 'Incremental limit', help: 'The most rows to read per incremental query.' },
  itersize: { label: 'Rows per fetch', help: 'How many rows Stitch fetches from the server per round trip.' },
  private_key: { label: 'Private key', help: 'The private key used to authenticate. Never shown again once saved.' },
  report_definitions: { label: 'Reports', help: 'The reports to replicate, each with a name and an ID.' },
};

/** Label and help for a property: the overlay when it has one, else the derived label. */
export function propertyText(name: string): PropertyText {
  return own(PROPERTY_TEXT, name) ?? { label: labelFromName(name) };
}

export interface StepText {
  /** Title in the stepper, e.g. "Select streams and fields". */
  readonly title: string;
  /** A source's status while this step is current, e.g. "needs field selection". */
  readonly status: string;
}

export const STEP_TEXT: Readonly<Record<string, StepText>> = {
  form: { title: 'Connection settings', status: 'needs connection settings' },
  oauth: { title: 'Authorize', status: 'needs authorization' },
  profile: { title: 'Choose a profile', status: 'needs a profile' },
  discover_schema: { title: 'Check connection and discover', status: 'checking connection' },
  field_selection: { title: 'Select streams and fields', status: 'needs field selection' },
  fully_configured: { title: 'Ready to replicate', status: 'fully configured' },
};

/** Text for a step type, tolerating types Stitch may add later. */
export function stepText(type: string): StepText {
  return own(STEP_TEXT, type) ?? { title: labelFromName(type), status: labelFromName(type).toLowerCase() };
}
