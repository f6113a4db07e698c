import { randomBytes } from 'node:crypto';
import type { AdminRequest, AdminResponse } from '../../../functions/admin/admin-request';
import entraUsers from '../../fixtures/sequences/entra-users-aadoptscim062020.json';
import { exceedTier, type TierCheck, type TierCheckOptions, tierProblems } from './exceed-tier';
import { replaySequence, type Sequence } from './replay-sequence';

/** A request to the admin function, as the scim-admin CLI sends it. */
export type AdminInvoke = (request: AdminRequest) => Promise<AdminResponse>;

export interface VerifyOptions {
  /** The stack's TenantUrl output: what a customer pastes into Entra. */
  readonly tenantUrl: string;
  readonly admin: AdminInvoke;
  /** How often, and how far apart, to probe until the new tenant's API key is live. */
  readonly readiness?: { readonly attempts: number; readonly intervalMillis: number };
  readonly tier?: TierCheckOptions;
}

export interface VerifyReport {
  /** Everything that went wrong; the integration test expects it empty. */
  readonly failures: readonly string[];
  readonly tenantId: string;
  /** Probes sent before the tenant's API key was accepted. */
  readonly probes?: number;
  readonly tier?: TierCheck;
  readonly cleanup?: string;
}

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/**
 * API Gateway answers 403 (our INVALID_API_KEY gateway response) until a new API key and its usage-plan
 * key have reached the gateway. Probes the discovery endpoint until something else comes back.
 */
async function untilKeyIsLive(
  tenantUrl: string,
  token: string,
  { attempts, intervalMillis }: { attempts: number; intervalMillis: number },
): Promise<number> {
  for (let probe = 1; ; probe++) {
    const response = await fetch(`${tenantUrl}/ServiceProviderConfig`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    await response.text();
    if (response.status !== 403 || probe >= attempts) return probe;
    await sleep(intervalMillis);
  }
}

/**
 * Leaves nothing of the tenant behind: the stack's tables go with the stack, but API keys are created by
 * the admin function, not by CloudFormation, and would outlive it (10,000 per account and Region).
 * `deleteTenant` removes the tenant's API key and tokens, as `scim-admin tenants delete` does.
 */
async function removeTenant(options: VerifyOptions, tenantId: string): Promise<string> {
  const deleted = await options.admin({ action: 'deleteTenant', tenantId });
  return deleted.ok ? 'deleted' : `cleanup: deleteTenant: ${deleted.error.message}`;
}

/** The tenant's part: its token, the Entra sequence and the tier; problems go to `failures`. */
async function exercise(options: VerifyOptions, tenantId: string, run: string, failures: string[]) {
  // The token stays in this function: never in a CloudFormation property, an output or a log line.
  const issued = await options.admin({ action: 'createToken', tenantId, label: 'integ-runner' });
  if (!issued.ok) {
    failures.push(`createToken: ${issued.error.message}`);
    return {};
  }
  const { token } = issued.result as { token: string };
  const probes = await untilKeyIsLive(
    options.tenantUrl,
    token,
    options.readiness ?? { attempts: 10, intervalMillis: 3000 },
  );
  failures.push(...(await replaySequence(entraUsers as Sequence, options.tenantUrl, token, run)));
  const tier = await exceedTier(options.tenantUrl, token, options.tier);
  failures.push(...tierProblems(tier));
  return { probes, tier };
}

/**
 * What `npm run integ` proves in a real account: a tenant minted through the admin function, the Entra
 * user lifecycle (Test Connection probe, create, filter, PATCH, disable, delete) through the real Tenant
 * URL, a SCIM-shaped 429 beyond the tier, and a clean removal of the tenant. Failures are returned, not
 * thrown, so that the assertion shows all of them.
 */
export async function verifyDeployment(options: VerifyOptions): Promise<VerifyReport> {
  const run = randomBytes(4).toString('hex');
  const tenantId = `integ-${run}`;
  const created = await options.admin({ action: 'createTenant', tenantId });
  if (!created.ok) return { failures: [`createTenant: ${created.error.message}`], tenantId };
  const failures: string[] = [];
  let exercised: { probes?: number; tier?: TierCheck } = {};
  let cleanup: string;
  try {
    exercised = await exercise(options, tenantId, run, failures);
  } finally {
    cleanup = await removeTenant(options, tenantId);
    if (cleanup.startsWith('cleanup:')) failures.push(cleanup);
  }
  return { failures, tenantId, ...exercised, cleanup };
}
