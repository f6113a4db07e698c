/**
 * The admin commands of issue 12: OAuth 2.0 clients with their secrets (`clients …`) and Entra workload
 * identity trusts (`trusts …`). Spread into ADMIN_COMMANDS (admin-command-table.ts), which the CLI reads;
 * the CLI refuses a request the admin function's schema would (exit 2) before sending it.
 */

import { MAX_ACTIVE_SECRETS } from '../storage/client-store';
import type { AdminCommand, CommandArgument } from './admin-command-table';
import { type AdminAction, requestProblem } from './admin-request';
import {
  addClientSecret,
  createClient,
  deleteClient,
  listClientSecrets,
  listClients,
  revokeClientSecret,
} from './client-commands';
import { createTrust, deleteTrust, listTrusts } from './trust-commands';

export type CredentialAction = Extract<
  AdminAction,
  | 'createClient'
  | 'listClients'
  | 'deleteClient'
  | 'addClientSecret'
  | 'listClientSecrets'
  | 'revokeClientSecret'
  | 'createTrust'
  | 'listTrusts'
  | 'deleteTrust'
>;

const tenant: readonly CommandArgument[] = ['tenant'];
const client: readonly CommandArgument[] = ['tenant', 'clientId'];
const secret: readonly CommandArgument[] = ['tenant', 'clientId', 'secretId'];
const refuse = requestProblem;

export const CREDENTIAL_COMMANDS: { readonly [A in CredentialAction]: AdminCommand<A> } = {
  createClient: {
    run: createClient,
    cli: {
      words: 'clients create',
      arguments: tenant,
      options: [{ name: 'label' }, { name: 'years' }, { name: 'token-lifetime' }],
      help: [
        'an OAuth 2.0 client and its first secret, for Entra (OAuth2',
        'Client Credentials Grant) or Okta (Basic Auth); the secret',
        'is shown once, stored only as a hash',
      ],
      refuse,
      output: 'client',
    },
  },
  listClients: {
    run: listClients,
    cli: {
      words: 'clients list',
      arguments: tenant,
      help: ['clients by id, label, access-token lifetime, live secrets'],
      refuse,
      output: { columns: ['clientId', 'label', 'accessTokenLifetime', 'activeSecrets', 'createdAt'] },
    },
  },
  deleteClient: {
    run: deleteClient,
    cli: {
      words: 'clients delete',
      arguments: client,
      help: ['delete a client, its secrets and the access tokens they got'],
      refuse,
      output: 'clientDeleted',
    },
  },
  addClientSecret: {
    run: addClientSecret,
    cli: {
      words: 'clients secrets add',
      arguments: client,
      options: [{ name: 'years' }],
      help: [
        "another secret; the client's others keep working until",
        `revoked (at most ${MAX_ACTIVE_SECRETS} active at once)`,
      ],
      refuse,
      output: 'secret',
    },
  },
  listClientSecrets: {
    run: listClientSecrets,
    cli: {
      words: 'clients secrets list',
      arguments: client,
      help: ['secrets by id, status, hint, created, last used, expiry'],
      refuse,
      output: { columns: ['secretId', 'status', 'hint', 'createdAt', 'lastUsedAt', 'expiresAt'] },
    },
  },
  revokeClientSecret: {
    run: revokeClientSecret,
    cli: {
      words: 'clients secrets revoke',
      arguments: secret,
      help: ['stop a secret and the access tokens it got'],
      refuse,
      output: 'secretRevoked',
    },
  },
  createTrust: {
    run: createTrust,
    cli: {
      words: 'trusts create',
      arguments: tenant,
      options: [
        { name: 'entra-tenant', required: true },
        { name: 'subject', required: true },
        { name: 'audience', required: true },
        { name: 'issuer' },
        { name: 'jwks-uri' },
        { name: 'label' },
        { name: 'token-lifetime' },
      ],
      help: [
        "trust Entra's workload identity (Workload identity-based",
        'authentication): its assertions, signed by the keys of',
        '--jwks-uri, with the --issuer, tenant, subject and audience',
        "of Entra's step 1, get access tokens; no secret to rotate",
      ],
      refuse,
      output: 'trust',
    },
  },
  listTrusts: {
    run: listTrusts,
    cli: {
      words: 'trusts list',
      arguments: tenant,
      help: ['trusts by id, label, Entra tenant, subject and audience'],
      refuse,
      output: { columns: ['clientId', 'label', 'entraTenant', 'subject', 'audience', 'createdAt'] },
    },
  },
  deleteTrust: {
    run: deleteTrust,
    cli: {
      words: 'trusts delete',
      arguments: client,
      help: ['delete a trust and the access tokens it got'],
      refuse,
      output: 'clientDeleted',
    },
  },
};
