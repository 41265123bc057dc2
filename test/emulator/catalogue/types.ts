/** Wire types shared by the catalogue, the state store and the routes (reference §5.2–§5.5). */

export type PropertyType =
  | 'user_provided'
  | 'user_provided_advanced'
  | 'user_provided_immutable'
  | 'system_provided_by_default'
  | 'read_only';

export interface PropertyDescriptor {
  name: string;
  is_required: boolean;
  is_credential: boolean;
  system_provided: boolean;
  property_type: PropertyType;
  json_schema: unknown;
  provided: boolean;
  /** Source cards carry it; destination cards leave it out. */
  tap_mutable?: boolean;
}

export interface ConnectionStep {
  type: string;
  properties: PropertyDescriptor[];
}

export interface Details {
  pricing_tier?: string;
  pipeline_state?: string;
  default_start_date?: string | null;
  default_scheduling_interval?: number | null;
  protocol?: string;
  access?: boolean;
  image_version?: string | null;
}

export interface ReportCard {
  type: string;
  current_step?: number;
  current_step_type?: string;
  steps?: ConnectionStep[];
  details?: Details;
  upgrade_available?: { type: string } | null;
}
