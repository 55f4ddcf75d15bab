import { describe, expect, it } from 'vitest';
import { evaluateClientVersion, type VersionRule } from './evaluate';

const link = 'https://example.org/app.apk';
const rule: VersionRule = {
  id: 1,
  osCode: 'ANDROID',
  packageName: 'it.example.chat',
  minBuild: 100,
  minApiVersion: 2,
  recommendedBuild: 150,
  downloadLink: link,
  mustUpgradeMessage: 'Unaccepted version of client',
  shouldUpgradeMessage: 'Please update',
  updatedAt: new Date(0),
};
const request = { osCode: 'ANDROID', packageName: 'it.example.chat', buildNumber: 150, apiVersion: 2 };

const mustUpgrade = { status: -1, errorCode: null, errorMessage: [{ message: 'Unaccepted version of client', downloadLink: link }] };
const shouldUpgrade = { status: 1, errorCode: null, errorMessage: [{ message: 'Please update', downloadLink: link }] };
const upToDate = { status: 0, errorCode: null, errorMessage: [] };

describe('evaluateClientVersion', () => {
  it.each([
    ['one below the minimum build', { buildNumber: 99 }, mustUpgrade],
    ['exactly the minimum build, below recommended', { buildNumber: 100 }, shouldUpgrade],
    ['one below the recommended build', { buildNumber: 149 }, shouldUpgrade],
    ['exactly the recommended build', { buildNumber: 150 }, upToDate],
    ['above the recommended build', { buildNumber: 151 }, upToDate],
    ['one below the minimum API version', { apiVersion: 1 }, mustUpgrade],
    ['exactly the minimum API version', { apiVersion: 2 }, upToDate],
    ['an old API version beats a recent build', { buildNumber: 10_000, apiVersion: 1 }, mustUpgrade],
    ['a build below both limits is a must, not a should', { buildNumber: 0 }, mustUpgrade],
  ])('%s', (_name, change, expected) => {
    expect(evaluateClientVersion([rule], { ...request, ...change })).toEqual(expected);
  });

  it('answers up to date when no rule exists', () => {
    expect(evaluateClientVersion([], { ...request, buildNumber: 1 })).toEqual(upToDate);
  });

  it('matches the OS code ignoring case', () => {
    expect(evaluateClientVersion([rule], { ...request, osCode: 'android', buildNumber: 1 })).toEqual(mustUpgrade);
  });

  it('matches the package name exactly', () => {
    expect(evaluateClientVersion([rule], { ...request, packageName: 'it.example.Chat', buildNumber: 1 })).toEqual(upToDate);
    expect(evaluateClientVersion([rule], { ...request, osCode: 'IOS', buildNumber: 1 })).toEqual(upToDate);
  });

  it('picks the rule of the requested platform among several', () => {
    const ios: VersionRule = { ...rule, id: 2, osCode: 'IOS', minBuild: 5, recommendedBuild: 5 };
    expect(evaluateClientVersion([ios, rule], { ...request, buildNumber: 120 })).toEqual(shouldUpgrade);
    expect(evaluateClientVersion([rule, ios], { ...request, osCode: 'ios', buildNumber: 120 })).toEqual(upToDate);
  });

  it('ignores limits left empty', () => {
    const open: VersionRule = { ...rule, minBuild: null, minApiVersion: null, recommendedBuild: null };
    expect(evaluateClientVersion([open], { ...request, buildNumber: 0, apiVersion: 0 })).toEqual(upToDate);
    const onlyRecommended: VersionRule = { ...open, recommendedBuild: 10 };
    expect(evaluateClientVersion([onlyRecommended], { ...request, buildNumber: 9, apiVersion: 0 })).toEqual(shouldUpgrade);
    const onlyApi: VersionRule = { ...open, minApiVersion: 3 };
    expect(evaluateClientVersion([onlyApi], { ...request, buildNumber: 0, apiVersion: 2 })).toEqual(mustUpgrade);
  });

  it('keeps an empty download link as given', () => {
    const noLink: VersionRule = { ...rule, downloadLink: '' };
    expect(evaluateClientVersion([noLink], { ...request, buildNumber: 1 }).errorMessage).toEqual([
      { message: 'Unaccepted version of client', downloadLink: '' },
    ]);
  });
});
