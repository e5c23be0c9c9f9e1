import { describe, expect, it } from 'vitest';
import {
  allowedCombinations,
  allowedPairs,
  combinationErrorMessage,
  deployments,
  distributions,
  isAllowedCombination,
} from './allowed-combinations.js';
import { appName } from './app-name.js';
import { createAppRequest } from './create-app-request.js';

describe('distribution × deployment (domain.md §1)', () => {
  it('allows instance apps cloud-hosted and edge-hosted only', () => {
    expect(deployments.filter((p) => isAllowedCombination('instance', p))).toEqual([
      'cloud-hosted',
      'edge-hosted',
    ]);
  });

  it('allows account apps cloud-external, cloud-hosted and manual-cluster only', () => {
    expect(deployments.filter((p) => isAllowedCombination('account', p)).sort()).toEqual([
      'cloud-external',
      'cloud-hosted',
      'manual-cluster',
    ]);
  });

  it('allows once apps cloud-external and edge-external only', () => {
    expect(deployments.filter((p) => isAllowedCombination('once', p)).sort()).toEqual([
      'cloud-external',
      'edge-external',
    ]);
  });

  it('has exactly seven allowed pairs, each one listed in the refusal message', () => {
    expect(allowedPairs()).toHaveLength(7);
    const message = combinationErrorMessage('instance', 'edge-external');
    for (const pair of allowedPairs()) expect(message).toContain(pair);
    expect(message).toMatch(/^instance apps cannot be edge-external/);
  });

  it('keeps the table as data covering every distribution', () => {
    expect(Object.keys(allowedCombinations).sort()).toEqual([...distributions].sort());
  });
});

describe('createAppRequest', () => {
  const base = { name: 'parking', distribution: 'instance', deployment: 'edge-hosted' };

  it('accepts an allowed pair and defaults os to linux', () => {
    const parsed = createAppRequest.parse(base);
    expect(parsed.os).toBe('linux');
    expect(createAppRequest.parse({ ...base, os: 'windows' }).os).toBe('windows');
  });

  it('refuses a pair domain.md does not allow at `deployment`, listing the allowed pairs', () => {
    for (const distribution of distributions)
      for (const deployment of deployments) {
        const result = createAppRequest.safeParse({ ...base, distribution, deployment });
        expect(result.success, `${distribution} × ${deployment}`).toBe(
          isAllowedCombination(distribution, deployment),
        );
        if (!result.success) {
          expect(result.error.issues[0]?.path).toEqual(['deployment']);
          expect(result.error.issues[0]?.message).toContain('instance × edge-hosted');
        }
      }
  });

  it('refuses unknown fields and unknown enum values', () => {
    expect(createAppRequest.safeParse({ ...base, language: 'go' }).success).toBe(false);
    expect(createAppRequest.safeParse({ ...base, os: 'macos' }).success).toBe(false);
  });

  it('carries an example that parses', () => {
    expect(createAppRequest.safeParse(createAppRequest.meta()?.example).success).toBe(true);
  });
});

describe('appName', () => {
  it('is a DNS label of 2–63 characters', () => {
    for (const ok of ['ab', 'parking', 'smart-parking-2'])
      expect(appName.safeParse(ok).success).toBe(true);
    for (const bad of ['a', '-parking', 'Parking', 'park_ing', 'a'.repeat(64), '$(id)', 'a;b'])
      expect(appName.safeParse(bad).success, bad).toBe(false);
  });
});
