/** A version rule as the API returns it (dates as strings). */
export interface VersionRuleRow {
  id: number;
  osCode: string;
  packageName: string;
  minBuild: number | null;
  minApiVersion: number | null;
  recommendedBuild: number | null;
  downloadLink: string;
  mustUpgradeMessage: string;
  shouldUpgradeMessage: string;
  updatedAt: string;
}

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
