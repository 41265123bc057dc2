import * as vscode from 'vscode';
import type { StitchClient } from '../../api';
import type { ReportCard } from '../../api/types';
import { sourceTypeDisplayName } from '../../core/displayNames';
import { buildFormModel, type FormModel } from '../../core/reportCard';
import type { BannerView, Stage } from '../../protocol/sourceForm';

const t = vscode.l10n.t;

/** The form for a new source of a type: its report card, the names already taken, and whether it can be set up. */
export async function loadNewSourceForm(client: StitchClient, sourceType: string):
  Promise<{ card: ReportCard; existingNames: string[] | undefined; model: FormModel; stage: Stage; banner: BannerView | undefined }> {
  const [card, existingNames] = await Promise.all([
    client.getSourceType(sourceType),
    client.listSources().then((all) => all.map((s) => s.name)).catch(() => undefined),
  ]);
  const model = buildFormModel(card, { mode: 'create' });
  let stage: Stage = !model.configurable ? 'unavailable' : 'form';
  let banner: BannerView | undefined;
  if (card.details?.access === false) {
    stage = 'unavailable';
    banner = { kind: 'error', text: t('Your Stitch plan doesn’t include {0} (tier: {1}).', sourceTypeDisplayName(card.type), card.details.pricing_tier ?? '?') };
  } else if (!model.configurable) {
    banner = { kind: 'error', text: t('{0} is a legacy source type: it has no setup steps in the API.', card.type) };
  }
  return { card, existingNames, model, stage, banner };
}
