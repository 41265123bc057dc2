/** How destination types read in the UI; an unknown type shows as Stitch names it. */
const NAMES: Record<string, string> = {
  postgres: 'PostgreSQL',
  redshift: 'Amazon Redshift',
  snowflake: 'Snowflake',
  bigquery: 'Google BigQuery',
  s3: 'Amazon S3',
  azure_sqldw: 'Azure Synapse Analytics',
  storagegrid: 'NetApp StorageGRID',
  mssql: 'Microsoft SQL Server',
  mysql: 'MySQL',
  panoply: 'Panoply',
  databricks_delta: 'Databricks Delta Lake',
  data_world: 'data.world',
};

export function destinationTypeName(type: string): string {
  return NAMES[type] ?? type;
}
