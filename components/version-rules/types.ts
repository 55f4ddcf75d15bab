import type { Jsonified } from '@/lib/jsonified';
import type { VersionRule } from '@/lib/version-rules/evaluate';

/** A version rule as the API returns it. */
export type VersionRuleRow = Jsonified<VersionRule>;

export type VersionRuleDraft = Omit<VersionRuleRow, 'id' | 'updatedAt'>;

export const emptyRule: VersionRuleDraft = {
  osCode: '',
  packageName: '',
  minBuild: null,
  minApiVersion: null,
  recommendedBuild: null,
  downloadLink: '',
  mustUpgradeMessage: 'Unaccepted version of client',
  shouldUpgradeMessage: 'A new version of the app is available',
};
