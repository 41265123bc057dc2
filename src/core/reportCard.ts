/**
 * A form model built from a source report card (reference §5.2–§5.4): the steps with the current
 * one marked, and each property classified, labelled and given a control.
 */

import type * as Wire from '../api/types';
import { controlForSchema, type Control } from './controls';
import { propertyText, stepText } from './labels';
import { patternHintFor } from './patternEngine';
import { describePattern } from './patterns';
import { frequencyChoices } from './schedule';

export type PropertyType = Wire.PropertyType;

// The wire types of src/api/types.ts, loosened where core accepts less than the API sends
// (cards in tests and older source types omit fields): only `name` and `type` are required.

/** A report-card property descriptor as the API sends it. Unknown extra keys are tolerated. */
export type ReportCardProperty = Pick<Wire.PropertyDescriptor, 'name'>
  & Partial<Omit<Wire.PropertyDescriptor, 'name' | 'json_schema'>> & { json_schema?: unknown };

export type ReportCardStep = Pick<Wire.ConnectionStep, 'type'> & { properties?: ReportCardProperty[] };

export type ReportCardDetails = Partial<Wire.Details>;

export type ReportCard = Pick<Wire.ReportCard, 'type' | 'current_step' | 'current_step_type'> & {
  steps?: ReportCardStep[];
  details?: ReportCardDetails;
};

export type FormSection = 'main' | 'advanced' | 'hidden';

/** Properties handled by the schedule editor rather than the plain form. */
export const SCHEDULE_PROPERTY_NAMES: ReadonlySet<string> = new Set(['frequency_in_minutes', 'anchor_time', 'cron_expression']);

export interface PropertyModel {
  readonly name: string;
  readonly label: string;
  readonly help?: string;
  /** What a `pattern` accepts, in words ("a whole number"). */
  readonly patternHint?: string;
  readonly control: Control;
  readonly propertyType: string;
  readonly section: FormSection;
  readonly required: boolean;
  readonly credential: boolean;
  readonly provided: boolean;
  /** Shown next to system_provided_by_default properties: Stitch fills them when left empty. */
  readonly caution?: string;
  /** Immutable after creation: shown but not editable. */
  readonly locked: boolean;
  readonly lockedReason?: string;
  /** Placeholder for a saved credential: the value is never returned, so the box stays empty. */
  readonly placeholder?: string;
  readonly scheduleField: boolean;
  readonly schema: unknown;
}

export type StepState = 'done' | 'current' | 'upcoming';

export interface StepModel {
  readonly type: string;
  readonly title: string;
  readonly state: StepState;
  /** Ordered: required main fields first, then optional main, then advanced; hidden last. */
  readonly properties: readonly PropertyModel[];
}

export interface FormModel {
  readonly sourceType: string;
  readonly mode: 'create' | 'edit';
  readonly steps: readonly StepModel[];
  /** 0-based index into `steps`; -1 for legacy cards that have no steps. */
  readonly currentStepIndex: number;
  readonly currentStepType?: string;
  /** "needs field selection" etc. */
  readonly status?: string;
  /** Legacy source types (no steps) can't be set up through the API. */
  readonly configurable: boolean;
  readonly details?: ReportCardDetails;
}

export interface FormModelOptions {
  /** 'edit' locks user_provided_immutable properties and shows saved-credential placeholders. */
  mode?: 'create' | 'edit';
}

const CAUTION_SYSTEM_DEFAULT = 'Optional: Stitch supplies its own value when this is left empty. Change it only if you use your own app.';
const CAUTION_ADVANCED = 'Advanced: changing this can affect replication. Leave it unless you know you need it.';

function sectionOf(propertyType: string): FormSection {
  switch (propertyType) {
    case 'read_only':
      return 'hidden';
    case 'user_provided_advanced':
    case 'system_provided_by_default':
      return 'advanced';
    default:
      return 'main';
  }
}

function controlFor(property: ReportCardProperty): Control {
  const control = controlForSchema(property.json_schema, property.is_credential === true);
  // Frequencies read better as "Every 6 hours" than as "360".
  if (property.name === 'frequency_in_minutes' && control.kind === 'select') {
    return { ...control, options: frequencyChoices(property.json_schema).map((c) => ({ value: c.value, label: c.label })) };
  }
  return control;
}

export function buildPropertyModel(property: ReportCardProperty, mode: 'create' | 'edit' = 'create'): PropertyModel {
  const propertyType = property.property_type ?? (property.system_provided ? 'read_only' : 'user_provided');
  const text = propertyText(property.name);
  const schema = property.json_schema;
  const pattern =
    schema && typeof schema === 'object' && typeof (schema as { pattern?: unknown }).pattern === 'string'
      ? (schema as { pattern: string }).pattern
      : undefined;
  const credential = property.is_credential === true;
  const provided = property.provided === true;
  const locked = propertyType === 'read_only' || (mode === 'edit' && propertyType === 'user_provided_immutable');
  const model: PropertyModel = {
    name: property.name,
    label: text.label,
    control: controlFor(property),
    propertyType,
    section: sectionOf(propertyType),
    required: property.is_required === true,
    credential,
    provided,
    locked,
    scheduleField: SCHEDULE_PROPERTY_NAMES.has(property.name),
    schema,
    ...(text.help ? { help: text.help } : {}),
    ...(pattern !== undefined ? { patternHint: patternHintFor(pattern, describePattern) } : {}),
    ...(propertyType === 'system_provided_by_default'
      ? { caution: CAUTION_SYSTEM_DEFAULT }
      : propertyType === 'user_provided_advanced'
        ? { caution: CAUTION_ADVANCED }
        : {}),
    ...(locked
      ? { lockedReason: propertyType === 'read_only' ? 'Set by Stitch.' : 'Can’t be changed after the source is created.' }
      : {}),
    ...(credential && provided && mode === 'edit' ? { placeholder: 'Saved; leave empty to keep' } : {}),
  };
  return model;
}

const SECTION_RANK: Record<FormSection, number> = { main: 0, advanced: 1, hidden: 2 };

/** Stable order: main (required first), advanced, hidden; card order within each group. */
export function orderProperties(properties: readonly PropertyModel[]): PropertyModel[] {
  return properties
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        SECTION_RANK[a.p.section] - SECTION_RANK[b.p.section] ||
        (a.p.section === 'main' ? Number(b.p.required) - Number(a.p.required) : 0) ||
        a.i - b.i,
    )
    .map(({ p }) => p);
}

/**
 * The 0-based current step. `current_step` is 1-based (reference §10.3); when it disagrees with
 * `current_step_type` (a known doc example), the type wins because it names the step outright.
 */
export function currentStepIndex(card: ReportCard): number {
  const steps = card.steps ?? [];
  if (steps.length === 0) return -1;
  if (card.current_step_type) {
    const byType = steps.findIndex((s) => s.type === card.current_step_type);
    if (byType !== -1) return byType;
  }
  if (typeof card.current_step === 'number' && card.current_step >= 1) return Math.min(card.current_step, steps.length) - 1;
  return 0;
}

export function buildFormModel(card: ReportCard, options: FormModelOptions = {}): FormModel {
  const mode = options.mode ?? 'create';
  const steps = card.steps ?? [];
  const current = mode === 'create' ? Math.min(0, currentStepIndex(card)) : currentStepIndex(card);
  const stepModels = steps.map(
    (step, index): StepModel => ({
      type: step.type,
      title: stepText(step.type).title,
      state: index < current ? 'done' : index === current ? 'current' : 'upcoming',
      properties: orderProperties((step.properties ?? []).map((p) => buildPropertyModel(p, mode))),
    }),
  );
  const currentType = steps[current]?.type;
  return {
    sourceType: card.type,
    mode,
    steps: stepModels,
    currentStepIndex: current,
    configurable: steps.length > 0,
    ...(currentType ? { currentStepType: currentType, status: stepText(currentType).status } : {}),
    ...(card.details ? { details: card.details } : {}),
  };
}

/** All editable (non-hidden) properties of the steps that carry properties, in form order. */
export function editableProperties(model: FormModel): PropertyModel[] {
  return model.steps.flatMap((s) => s.properties.filter((p) => p.section !== 'hidden'));
}
