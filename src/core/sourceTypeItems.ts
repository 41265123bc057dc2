/**
 * What the Source Types tree shows for a report card: readable name, state and tier badges,
 * access and upgrade hints, and the context tokens its menus match. Pure, so it is unit-tested
 * against the 228 real cards.
 */
import { sourceTypeDisplayName } from './displayNames';

interface CardLike {
  type: string;
  steps?: unknown[];
  details?: { access?: boolean; pricing_tier?: string; pipeline_state?: string } | null;
  upgrade_available?: { type: string } | null;
}

export interface SourceTypeItem {
  type: string;
  label: string;
  description: string;
  tooltip: string;
  /** A legacy entry: no steps, so no source can be created from it. */
  legacy: boolean;
  creatable: boolean;
  /** Why it can't be used, when it can't. */
  unavailableReason?: string;
  upgradeTo?: string;
  pipelineState: string;
  pricingTier: string;
  contextValue: string;
  icon: 'plug' | 'circle-slash' | 'archive' | 'arrow-up';
}

export type SourceTypeStateFilter = 'all' | 'released' | 'beta' | 'alpha' | 'deprecated' | 'available';

export function sourceTypeItem(card: CardLike): SourceTypeItem {
  const details = card.details ?? {};
  const pipelineState = details.pipeline_state ?? 'released';
  const pricingTier = details.pricing_tier ?? 'standard';
  const legacy = !Array.isArray(card.steps) || card.steps.length === 0;
  const access = details.access !== false;
  const upgradeTo = card.upgrade_available?.type;
  const badges: string[] = [];
  if (pipelineState !== 'released') badges.push(pipelineState);
  if (pricingTier === 'enterprise') badges.push('enterprise');
  if (legacy) badges.push('legacy');
  let unavailableReason: string | undefined;
  if (legacy) unavailableReason = 'This is a legacy entry with no setup steps; sources of this type can no longer be created.';
  else if (!access && pipelineState === 'deprecated') unavailableReason = 'Deprecated: Stitch no longer allows new sources of this type.';
  else if (!access && pricingTier === 'enterprise') unavailableReason = 'Needs an Enterprise plan.';
  else if (!access) unavailableReason = 'Not available on your Stitch plan.';
  const upgradeText = upgradeTo ? `Upgrade available: use ${sourceTypeDisplayName(upgradeTo)} (${upgradeTo}) instead.` : undefined;
  const creatable = !legacy && access;
  const tooltip = [
    `${sourceTypeDisplayName(card.type)}: ${card.type}`,
    `State: ${pipelineState} · Tier: ${pricingTier}`,
    unavailableReason,
    upgradeText,
    creatable ? 'Click to create a source of this type.' : undefined,
  ].filter(Boolean).join('\n');
  const tokens = ['sourceType', creatable ? 'creatable' : 'unavailable', pipelineState];
  if (upgradeTo) tokens.push('upgradable');
  if (legacy) tokens.push('legacy');
  return {
    type: card.type,
    label: sourceTypeDisplayName(card.type),
    description: [badges.join(' · '), upgradeTo ? `→ ${sourceTypeDisplayName(upgradeTo)}` : ''].filter(Boolean).join('  '),
    tooltip,
    legacy,
    creatable,
    unavailableReason,
    upgradeTo,
    pipelineState,
    pricingTier,
    contextValue: tokens.join(' '),
    icon: legacy ? 'archive' : !access ? 'circle-slash' : upgradeTo ? 'arrow-up' : 'plug',
  };
}

export interface SourceTypeFilter {
  text?: string;
  state?: SourceTypeStateFilter;
  showLegacy?: boolean;
}

/** Items to show, sorted by name: legacy hidden unless asked for, then narrowed by text and state. */
export function filterSourceTypes(items: readonly SourceTypeItem[], filter: SourceTypeFilter): SourceTypeItem[] {
  const text = filter.text?.trim().toLowerCase() ?? '';
  const state = filter.state ?? 'all';
  return items
    .filter((item) => filter.showLegacy || !item.legacy)
    .filter((item) => !text || item.label.toLowerCase().includes(text) || item.type.toLowerCase().includes(text))
    .filter((item) => state === 'all' || (state === 'available' ? item.creatable : item.pipelineState === state))
    .sort((a, b) => a.label.localeCompare(b.label) || a.type.localeCompare(b.type));
}
