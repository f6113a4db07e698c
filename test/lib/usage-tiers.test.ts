import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ScimApi, type ScimApiProps } from '../../lib/scim-api';
import { unbundledStack } from './synth';

const unbundled = () => unbundledStack('Tiers');

/** Usage plan logical ids by the tier they throttle. */
function planIds(props: ScimApiProps): Record<string, string> {
  const stack = unbundled();
  new ScimApi(stack, 'Scim', props);
  const plans = Template.fromStack(stack).findResources('AWS::ApiGateway::UsagePlan');
  return Object.fromEntries(
    Object.entries(plans).map(([id, plan]) => [
      String(plan.Properties.UsagePlanName).replace(/^Tiers-/, ''),
      id,
    ]),
  );
}

describe('throttling tiers', () => {
  it('keep each usage plan at its logical id when tiers are reordered, retuned, added or retired', () => {
    const before = planIds({});
    const after = planIds({
      tiers: {
        xlarge: { rateLimit: 800, burstLimit: 1600 },
        enterprise: { rateLimit: 2000, burstLimit: 4000 },
        large: { rateLimit: 100, burstLimit: 200, retired: true },
        standard: { rateLimit: 30, burstLimit: 60 },
      },
    });
    expect(after).toEqual({ ...before, enterprise: expect.stringMatching(/UsagePlanenterprise/) });
  });

  it.each<[string, ScimApiProps, RegExp]>([
    [
      'a default tier dropped without removedTiers',
      {
        tiers: { standard: { rateLimit: 25, burstLimit: 50 }, xlarge: { rateLimit: 500, burstLimit: 1000 } },
      },
      /tier 'large' is missing from tiers: its usage plan would be deleted and every tenant in it would get 403/,
    ],
    [
      'a renamed tier (the old id disappears)',
      {
        tiers: {
          basic: { rateLimit: 25, burstLimit: 50 },
          large: { rateLimit: 1, burstLimit: 1 },
          xlarge: { rateLimit: 1, burstLimit: 1 },
        },
        defaultTier: 'basic',
      },
      /tier 'standard' is missing from tiers/,
    ],
    [
      'a default tier that is not a tier',
      { defaultTier: 'gold' },
      /defaultTier 'gold' is not one of the tiers/,
    ],
    [
      'a retired default tier',
      {
        tiers: {
          standard: { rateLimit: 25, burstLimit: 50, retired: true },
          large: { rateLimit: 1, burstLimit: 1 },
          xlarge: { rateLimit: 1, burstLimit: 1 },
        },
      },
      /defaultTier 'standard' is retired/,
    ],
    [
      'an invalid tier id',
      {
        tiers: { 'Gold Plan': { rateLimit: 1, burstLimit: 1 } },
        removedTiers: ['standard', 'large', 'xlarge'],
        defaultTier: 'Gold Plan',
      },
      /tier id 'Gold Plan' is invalid/,
    ],
    [
      'a tier both declared and removed',
      { removedTiers: ['large'] },
      /tier 'large' is both in tiers and in removedTiers/,
    ],
    [
      'a burst that is not a whole number',
      {
        tiers: {
          standard: { rateLimit: 25, burstLimit: 2.5 },
          large: { rateLimit: 1, burstLimit: 1 },
          xlarge: { rateLimit: 1, burstLimit: 1 },
        },
      },
      /tier 'standard': burstLimit must be a positive whole number/,
    ],
  ])('refuse at synth %s', (_name, props, message) => {
    expect(() => new ScimApi(new Stack(new App(), 'Bad'), 'Scim', props)).toThrow(message);
  });

  it('let a tier go once it is named in removedTiers', () => {
    const ids = planIds({
      tiers: { standard: { rateLimit: 25, burstLimit: 50 }, xlarge: { rateLimit: 500, burstLimit: 1000 } },
      removedTiers: ['large'],
    });
    expect(Object.keys(ids).sort()).toEqual(['standard', 'xlarge']);
  });
});
