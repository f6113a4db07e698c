/**
 * The integration test's driver, a Lambda function deployed beside the stack under test: it plays the
 * operator (the admin function, as the scim-admin CLI calls it) and the identity provider (HTTPS to the
 * Tenant URL), and returns a report that the assertion in integ.scim-endpoint.ts checks.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { AdminResponse } from '../../../functions/admin/admin-request';
import { type VerifyReport, verifyDeployment } from './verify-deployment';

const lambda = new LambdaClient({});

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

export async function handler(): Promise<VerifyReport> {
  const adminFunctionName = required('ADMIN_FUNCTION_NAME');
  const report = await verifyDeployment({
    tenantUrl: required('TENANT_URL'),
    admin: async (request) => {
      const answer = await lambda.send(
        new InvokeCommand({ FunctionName: adminFunctionName, Payload: JSON.stringify(request) }),
      );
      const payload = Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8');
      if (answer.FunctionError !== undefined) throw new Error(`admin ${request.action}: ${payload}`);
      return JSON.parse(payload) as AdminResponse;
    },
  });
  // The report holds no token; the tenant id and the counts help read a failure in the driver's log.
  console.log(JSON.stringify(report));
  return report;
}
