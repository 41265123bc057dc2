import type { Source } from '../../api/types';
import { sourceTypeDisplayName } from '../../core/displayNames';
import { isolateBidi } from '../../core/displayText';
import type { FormModel } from '../../core/reportCard';
import { suggestAvailableDisplayName } from '../../core/sourceName';
import type { ScheduleSetup } from '../../protocol/schedule';
import type { BannerView, CheckView, DestinationChoiceView, PanelKey, SourceFormState, Stage } from '../../protocol/sourceForm';
import { formStepTypes, initialValues, stepViews } from './logic';

/** What the form panel knows, from which the webview's full state is built. */
export interface FormFacts {
  key: PanelKey;
  model: FormModel | undefined;
  source: Source | undefined;
  existingNames: string[] | undefined;
  title: string;
  stage: Stage;
  busy: boolean;
  check: CheckView | undefined;
  banner: BannerView | undefined;
  fieldErrors: Record<string, string> | undefined;
  schedule: ScheduleSetup | undefined;
  resetDraft: boolean;
  destinations?: DestinationChoiceView | undefined;
}

/** What every subject's form (a source's, a destination's) knows the same way. */
export type CommonFacts = Pick<FormFacts, 'model' | 'title' | 'stage' | 'busy' | 'check' | 'banner' | 'fieldErrors' | 'resetDraft'> & { isNew: boolean };

/** The parts of the form's state built the same way for a source and a destination: from the model, and what the panel reports. */
export function commonFormState(f: CommonFacts) {
  const { model } = f;
  return {
    mode: model?.mode ?? (f.isNew ? 'create' as const : 'edit' as const),
    title: f.title,
    stage: f.stage,
    steps: model ? stepViews(model) : [],
    currentStepIndex: model?.currentStepIndex ?? -1,
    configurable: model?.configurable ?? false,
    formStepTypes: model ? formStepTypes(model) : [],
    busy: f.busy,
    ...(f.check ? { check: f.check } : {}),
    ...(f.banner ? { banner: f.banner } : {}),
    ...(f.fieldErrors ? { fieldErrors: f.fieldErrors } : {}),
    ...(f.resetDraft ? { resetDraft: true } : {}),
    ...(model?.details?.pipeline_state ? { pipelineState: model.details.pipeline_state } : {}),
  } satisfies Partial<SourceFormState>;
}

/** The full state the form's webview renders (never a credential value: initialValues leaves them out). */
export function formState(f: FormFacts): SourceFormState {
  const { model, source, key, schedule } = f;
  const sourceType = key.kind === 'new' ? key.sourceType : source?.type ?? '';
  return {
    ...commonFormState({ ...f, isNew: key.kind === 'new' }),
    key,
    sourceType,
    typeLabel: isolateBidi(sourceTypeDisplayName(sourceType || 'source')),
    values: model ? initialValues(model, source) : {},
    displayName: source?.display_name ?? (key.kind === 'new' && model ? suggestAvailableDisplayName(sourceTypeDisplayName(sourceType), f.existingNames ?? []) ?? '' : ''),
    canSelectStreams: f.stage === 'fieldSelection' || f.stage === 'configured',
    subject: 'source',
    ...(source ? { schemaName: source.name } : {}),
    ...(model?.details?.pricing_tier ? { pricingTier: model.details.pricing_tier } : {}),
    ...(schedule ? { schedule } : {}),
    ...(f.destinations ? { destinations: f.destinations } : {}),
  };
}
