import { ok, type ResponsePayload } from '@/lib/protocol/response';

/** A version rule as stored (db/schema.ts `version_rules`); a null limit does not apply. */
export interface VersionRule {
  id: number;
  osCode: string;
  packageName: string;
  minBuild: number | null;
  minApiVersion: number | null;
  recommendedBuild: number | null;
  downloadLink: string;
  mustUpgradeMessage: string;
  shouldUpgradeMessage: string;
  updatedAt: Date;
}

export interface ClientVersionRequest {
  osCode: string;
  packageName: string;
  buildNumber: number;
  apiVersion: number;
}

/** The spec's three answers of cmd_check_client_version. */
export const versionStatus = { upToDate: 0, mustUpgrade: -1, shouldUpgrade: 1 } as const;

/**
 * OS codes are compared case-insensitively ("android" and "ANDROID" are the same platform),
 * package names exactly (they are identifiers: "it.example.App" and "it.example.app" are two apps).
 */
export function ruleMatches(rule: Pick<VersionRule, 'osCode' | 'packageName'>, osCode: string, packageName: string): boolean {
  return rule.osCode.toUpperCase() === osCode.toUpperCase() && rule.packageName === packageName;
}

/**
 * The answer to cmd_check_client_version, shared by the XMPP worker and the console's simulator
 * so the two can never disagree. A limit left empty (null) does not apply; no rule means up to date.
 */
export function evaluateClientVersion(rules: VersionRule[], request: ClientVersionRequest): ResponsePayload {
  const rule = rules.find((candidate) => ruleMatches(candidate, request.osCode, request.packageName));
  if (!rule) return ok();
  const below = (value: number, limit: number | null) => limit !== null && value < limit;
  if (below(request.buildNumber, rule.minBuild) || below(request.apiVersion, rule.minApiVersion)) {
    return upgrade(versionStatus.mustUpgrade, rule.mustUpgradeMessage, rule.downloadLink);
  }
  if (below(request.buildNumber, rule.recommendedBuild)) {
    return upgrade(versionStatus.shouldUpgrade, rule.shouldUpgradeMessage, rule.downloadLink);
  }
  return ok();
}

function upgrade(status: number, message: string, downloadLink: string): ResponsePayload {
  return { status, errorCode: null, errorMessage: [{ message, downloadLink }] };
}
