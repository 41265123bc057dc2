/**
 * Display names for source types: `platform.recurly` → "Recurly", `platform.hubspot` → "HubSpot".
 *
 * Strip the family prefix (`platform.`, `webhook.`, `tap-`), split on `-`/`_`, look each whole name
 * and then each word up in a table of brand spellings, and title-case the rest.
 */

/** Whole-name spellings (after the prefix is stripped). */
const BRANDS: Readonly<Record<string, string>> = {
  hubspot: 'HubSpot', postgres: 'PostgreSQL', mysql: 'MySQL', mariadb: 'MariaDB', mssql: 'Microsoft SQL Server',
  mssql_server: 'Microsoft SQL Server', mongodb: 'MongoDB', dynamodb: 'Amazon DynamoDB', db2: 'Db2', oracle: 'Oracle',
  aurora: 'Amazon Aurora', cloudsql: 'Google Cloud SQL MySQL', cloudsql_pg: 'Google Cloud SQL PostgreSQL',
  heroku_pg: 'Heroku PostgreSQL', redshift: 'Amazon Redshift', 's3-csv': 'Amazon S3 CSV', s3: 'Amazon S3',
  'google-analytics': 'Google Analytics', googleanalytics: 'Google Analytics', ga360: 'Google Analytics 360',
  'google-analytics-reporting': 'Google Analytics Reporting', 'google-ecommerce': 'Google Ecommerce',
  adwords: 'Google AdWords', 'ad-words': 'Google AdWords', 'google-ads': 'Google Ads', 'google-sheets': 'Google Sheets',
  'google-search-console': 'Google Search Console', 'doubleclick-campaign-manager': 'DoubleClick Campaign Manager',
  'bing-ads': 'Microsoft Advertising', bingads: 'Microsoft Advertising', 'linkedin-ads': 'LinkedIn Ads',
  'twitter-ads': 'Twitter Ads', 'snapchat-ads': 'Snapchat Ads', 'pinterest-ads': 'Pinterest Ads', 'amazon-ads-dsp': 'Amazon Ads DSP',
  'amazon-sp': 'Amazon Selling Partner', facebook: 'Facebook Ads', github: 'GitHub', gitlab: 'GitLab',
  closeio: 'Close.io', ga4: 'Google Analytics 4', 'cloudsql-pg': 'Google Cloud SQL PostgreSQL', 'zendesk-chat': 'Zendesk Chat', zopim: 'Zendesk Chat', sendgrid: 'SendGrid', mailchimp: 'Mailchimp',
  quickbooks: 'QuickBooks', bigcommerce: 'BigCommerce', netsuite: 'NetSuite', 'netsuite-suite-analytics': 'NetSuite SuiteAnalytics',
  exacttarget: 'Salesforce Marketing Cloud', marketobulk: 'Marketo Bulk', 'jira-cloud': 'Jira Cloud', 'circle-ci': 'CircleCI',
  'covid-19': 'COVID-19', darksky: 'Dark Sky', exchangeratesapi: 'Exchange Rates API', frontapp: 'Front', helpscout: 'Help Scout',
  liveperson: 'LivePerson', ringcentral: 'RingCentral', saasoptics: 'SaaSOptics', surveymonkey: 'SurveyMonkey',
  activecampaign: 'ActiveCampaign', appsflyer: 'AppsFlyer', appfigures: 'Appfigures', '3plcentral': '3PL Central',
  'referral-saasquatch': 'Referral SaaSquatch', 'urban-airship': 'Urban Airship', 'harvest-forecast': 'Harvest Forecast',
  'campaign-monitor': 'Campaign Monitor', 'ms-teams': 'Microsoft Teams', 'ms-dynamics': 'Microsoft Dynamics',
  'autodesk-bim-360': 'Autodesk BIM 360', 'nice-incontact': 'NICE inContact', 'workday-raas': 'Workday RaaS',
  'x-y': 'XY Retail', insided: 'inSided', signonsite: 'SignOnSite', lookml: 'LookML', pagerduty: 'PagerDuty',
  import_api: 'Import API', pipeline_iapi: 'Import API', 'incoming-webhook': 'Incoming Webhooks', customerio: 'Customer.io',
  particleio: 'Particle', sendwithus: 'Sendwithus', sparkpost: 'SparkPost', formkeep: 'FormKeep', aftership: 'AfterShip',
  mailjet: 'Mailjet', autopilothq: 'Autopilot', deskdotcom: 'Desk.com', dataworld: 'data.world', storagegrid: 'StorageGRID',
  azure: 'Azure SQL Database', azure_sqldw: 'Azure Synapse Analytics', mysql_destination: 'MySQL', databricks_delta: 'Databricks Delta Lake',
  bigquery_v2: 'Google BigQuery', bigquery: 'Google BigQuery', sftp: 'SFTP', 'youtube-analytics': 'YouTube Analytics',
  platformpurple: 'Platform Purple', uservoice: 'UserVoice', shiphero: 'ShipHero', clubspeed: 'Club Speed', recharge: 'ReCharge',
  satismeter: 'SatisMeter', mailshake: 'Mailshake', freshsales: 'Freshsales', freshdesk: 'Freshdesk', onfleet: 'Onfleet',
  pepperjam: 'Pepperjam', ilevel: 'iLEVEL', swellrewards: 'Swell Rewards', 'hp.rando': 'Rando',
};

/** Word spellings used when a name isn't in BRANDS as a whole. */
const WORDS: Readonly<Record<string, string>> = {
  api: 'API', ads: 'Ads', sql: 'SQL', pg: 'PostgreSQL', csv: 'CSV', io: 'IO', crm: 'CRM', ci: 'CI', hp: 'HP', dsp: 'DSP',
};

function titleWord(word: string): string {
  return WORDS[word] ?? word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * A readable name for a source type id. High-performance variants (`hp-mysql`) read
 * "MySQL (HP)", and webhook variants of a service read "SendGrid (webhook)".
 */
export function sourceTypeDisplayName(type: string): string {
  let rest = type.trim();
  let suffix = '';
  if (rest.startsWith('platform.')) rest = rest.slice('platform.'.length);
  else if (rest.startsWith('webhook.')) {
    rest = rest.slice('webhook.'.length);
    if (rest !== 'incoming-webhook') suffix = ' (webhook)';
  } else if (rest.startsWith('hp.')) rest = rest.slice('hp.'.length);
  if (rest.startsWith('tap-')) rest = rest.slice('tap-'.length);
  if (rest.startsWith('hp-')) {
    rest = rest.slice('hp-'.length);
    suffix = ' (HP)';
  }
  const lower = rest.toLowerCase();
  const name = BRANDS[lower] ?? lower.split(/[-_.]+/).filter(Boolean).map(titleWord).join(' ');
  return `${name || type}${suffix}`;
}
