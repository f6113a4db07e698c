import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { newClientCredential } from '../../../functions/auth/client-secret';
import type { TokenEndpointHandler } from '../../../functions/oauth/token-endpoint';
import { ClientStore, type Trust } from '../../../functions/storage/client-store';
import { collect } from '../../../functions/storage/paginate';
import { tokenAccessPatterns, tokenKeys } from '../../../functions/storage/table-design';
import { TokenStore } from '../../../functions/storage/token-store';
import { TEST_TABLES } from '../../support/test-tables';
import { type TokenEventOptions, tokenEvent } from './token-event';

/** The token endpoint's stores over one client (the one faults are injected into), on a settable clock. */
export interface Stores {
  readonly tokens: TokenStore;
  readonly clients: ClientStore;
}

export function storesOf(db: DynamoDBDocumentClient, now: () => Date = () => new Date()): Stores {
  return {
    tokens: new TokenStore(db, TEST_TABLES.tokens, now),
    clients: new ClientStore(db, TEST_TABLES.tokens, now),
  };
}

/** A client_secret client of a new tenant, with one active, one revoked and one expired secret. */
export interface SecretClient {
  readonly tenantId: string;
  readonly clientId: string;
  readonly secret: string;
  readonly secretId: string;
  readonly revokedSecret: string;
  readonly expiredSecret: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

export async function newTenant(stores: Stores): Promise<string> {
  const tenantId = `t-${randomBytes(6).toString('hex')}`;
  await stores.tokens.createTenant({ tenantId, tier: 'default' });
  return tenantId;
}

async function addSecret(stores: Stores, tenantId: string, clientId: string, expiresAt: Date) {
  const credential = newClientCredential();
  const info = await stores.clients.addSecret(tenantId, clientId, credential, expiresAt.toISOString());
  if (info === undefined) throw new Error('could not add a secret');
  return { secret: credential.secret, secretId: info.secretId };
}

export async function newSecretClient(
  stores: Stores,
  options: { tenantId?: string; accessTokenLifetime?: number } = {},
): Promise<SecretClient> {
  const tenantId = options.tenantId ?? (await newTenant(stores));
  const lifetime = options.accessTokenLifetime ?? 3600;
  const client = await stores.clients.createClient(tenantId, {
    label: 'Entra',
    method: 'client_secret',
    accessTokenLifetime: lifetime,
  });
  if (client === undefined) throw new Error('could not create a client');
  const { clientId } = client;
  const active = await addSecret(stores, tenantId, clientId, new Date(Date.now() + 2 * YEAR_MS));
  const revoked = await addSecret(stores, tenantId, clientId, new Date(Date.now() + 2 * YEAR_MS));
  await stores.clients.revokeSecret(tenantId, clientId, revoked.secretId);
  const expired = await addSecret(stores, tenantId, clientId, new Date(Date.now() - 1000));
  return {
    tenantId,
    clientId,
    ...active,
    revokedSecret: revoked.secret,
    expiredSecret: expired.secret,
  };
}

/** A federation client (a trust) of a tenant, made with the ClientStore directly. */
export async function newTrustClient(
  stores: Stores,
  trust: Trust,
  options: { tenantId?: string; accessTokenLifetime?: number } = {},
): Promise<{ tenantId: string; clientId: string }> {
  const tenantId = options.tenantId ?? (await newTenant(stores));
  const client = await stores.clients.createClient(tenantId, {
    label: 'Entra WIF',
    method: 'federation',
    accessTokenLifetime: options.accessTokenLifetime ?? 3600,
    trust,
  });
  if (client === undefined) throw new Error('could not create a trust');
  return { tenantId, clientId: client.clientId };
}

/** Every token item of the tenant (Secret Tokens and access tokens), read through gsi1. */
export async function tokensOf(
  db: DynamoDBDocumentClient,
  tenantId: string,
): Promise<Record<string, unknown>[]> {
  const request = tokenAccessPatterns.queryIndex(TEST_TABLES.tokens, tokenKeys.tenant(tenantId).pk);
  return (await collect(db, request, (item) => item)).filter((item) => item.type === 'Token');
}

/** A token endpoint answer with its body parsed and its header names lower-cased. */
export interface TokenAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected freely in assertions
  readonly body: any;
}

export async function post(endpoint: TokenEndpointHandler, options: TokenEventOptions): Promise<TokenAnswer> {
  const result: APIGatewayProxyResult = await endpoint(tokenEvent(options));
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  return { status: result.statusCode, headers, body: JSON.parse(result.body) };
}
