import { Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ENV } from '../functions/config';
import type { TierSettings } from './usage-tiers';

export interface ScimThrottlingProps extends TierSettings {
  readonly api: apigw.RestApi;
}

/**
 * Per-tenant throttling, a part of ScimApi: one usage plan per tier, which the admin function puts each
 * tenant's API key in (the authorizer hands API Gateway the key, so the plan throttles the tenant). The
 * plans are the API's children, at the paths and ids they always had.
 */
export class ScimThrottling {
  readonly usagePlans: Readonly<Record<string, apigw.UsagePlan>>;
  /** What the admin function needs to place tenants' API keys: the plans, the tiers, the key names. */
  readonly adminEnvironment: Readonly<Record<string, string>>;

  constructor(props: ScimThrottlingProps) {
    const stack = Stack.of(props.api);
    // One usage plan per tier, its construct id (so its logical id) derived from the tier id alone: see
    // the `tiers` prop. A retired tier keeps its plan, so that its tenants keep working.
    const plans: Record<string, apigw.UsagePlan> = {};
    for (const [id, tier] of Object.entries(props.tiers)) {
      plans[id] = props.api.addUsagePlan(`UsagePlan-${id}`, {
        name: `${stack.stackName}-${id}`,
        description: `SCIM tenants of tier ${id}${tier.retired === true ? ' (retired)' : ''}: ${tier.rateLimit} requests/s, burst ${tier.burstLimit}`,
        throttle: { rateLimit: tier.rateLimit, burstLimit: tier.burstLimit },
        apiStages: [{ api: props.api, stage: props.api.deploymentStage }],
      });
    }
    this.usagePlans = plans;
    this.adminEnvironment = {
      [ENV.USAGE_PLANS]: stack.toJsonString(
        Object.fromEntries(Object.entries(plans).map(([n, p]) => [n, p.usagePlanId])),
      ),
      [ENV.DEFAULT_TIER]: props.defaultTier,
      [ENV.RETIRED_TIERS]: JSON.stringify(
        Object.entries(props.tiers)
          .filter(([, tier]) => tier.retired === true)
          .map(([name]) => name),
      ),
      [ENV.API_KEY_NAME_PREFIX]: `${stack.stackName}-tenant-`,
    };
  }
}
