import * as v from 'valibot';
import { ADMIN_COMMANDS } from './admin-command-table';
import { type AdminOptions, failure, type RemainingTime } from './admin-context';
import { type AdminAction, type AdminResponse, adminRequestSchema, type RequestOf } from './admin-request';

export type { AdminOptions } from './admin-context';

/** Runs a valid request with the command its action names (admin-command-table.ts). */
function run<A extends AdminAction>(
  options: AdminOptions,
  request: RequestOf<A>,
  remaining: RemainingTime | undefined,
): Promise<AdminResponse> {
  const command = ADMIN_COMMANDS[request.action as A];
  return command.run(options, request, remaining);
}

/**
 * Tenants and tokens, for the vendor's operators. The function has no HTTP route: only IAM principals
 * allowed to invoke it (the CLI with the operator's credentials) can call it.
 */
export function adminCommands(options: AdminOptions) {
  return async (input: unknown, remaining?: RemainingTime): Promise<AdminResponse> => {
    const parsed = v.safeParse(adminRequestSchema, input);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      return failure('InvalidRequest', `${v.getDotPath(issue) ?? 'request'}: ${issue.message}`);
    }
    return run(options, parsed.output, remaining);
  };
}
