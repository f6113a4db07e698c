import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from 'jose';

/**
 * TEST DOUBLE of Microsoft Entra ID for workload identity federation (issue 12): a stand-in for
 * login.microsoftonline.com's key endpoint (`/<tid>/discovery/v2.0/keys`), served on 127.0.0.1 only, and
 * a signer of assertions as Entra's provisioning service presents them to our token endpoint. What it
 * mirrors of the real thing (issue12-research.md §2.2, §2.4):
 * - the key set is `{"keys":[{kty:'RSA',use:'sig',kid,n,e}]}` with no `alg` member, as Microsoft's;
 * - an assertion's header is `{typ:'JWT',alg:'RS256',kid}`, its claims a v2 app-only token's: aud (the
 *   app id, bare), iss `<issuer of the trust>`, sub = oid (the service principal's object id), tid, azp,
 *   iat = nbf, exp = iat + 3900 (65 min), ver '2.0', uti, and no jti;
 * - the endpoint can be down in each way a real one is (503, connections reset or refused, no answer) and
 *   rotate its keys; it counts the requests it gets, so that tests bound refetches by counting, not by time.
 */

/** An RS256 key pair with its kid, and the public key as published (JWK) and as PEM (for a forgery). */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly spkiPem: string;
}

export async function generateSigningKey(kid = `kid-${randomBytes(6).toString('hex')}`): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const { kty, n, e } = await exportJWK(publicKey);
  return { kid, privateKey, publicJwk: { kty, n, e, kid, use: 'sig' }, spkiPem: await exportSPKI(publicKey) };
}

/**
 * How the stand-in answers: 'up' (200, the key set), 'unavailable' (503), 'resetting' (drops each
 * connection unanswered), 'hanging' (accepts and never answers), 'closed' (not listening: refused),
 * 'not a key set' (200 with an HTML page, as a captive portal or a misrouted proxy gives).
 */
export type KeyEndpointMode = 'up' | 'unavailable' | 'resetting' | 'hanging' | 'closed' | 'not a key set';

/** Every way of being down, for tables of cases. */
export const DOWN_MODES = ['unavailable', 'resetting', 'hanging', 'closed', 'not a key set'] as const;

export interface KeyEndpointDouble {
  /** `http://127.0.0.1:<port>`: the stand-in for `https://login.microsoftonline.com`. */
  readonly origin: string;
  /** The key set's URL (any path of the origin serves it). */
  readonly jwksUri: string;
  /** Requests it received, in every mode but 'closed' (whose connections are refused). */
  readonly requests: number;
  /** The key new assertions are signed with: the newest published. */
  readonly signingKey: SigningKey;
  readonly published: readonly SigningKey[];
  setMode(mode: KeyEndpointMode): Promise<void>;
  /** Publishes a new key (a new kid) and signs with it from now on; the old ones stay published unless retired. */
  rotate(options?: { readonly retireOld?: boolean }): Promise<SigningKey>;
  close(): Promise<void>;
}

export async function startKeyEndpointDouble(): Promise<KeyEndpointDouble> {
  let published = [await generateSigningKey()];
  let mode: KeyEndpointMode = 'up';
  let requests = 0;
  const hanging = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    requests += 1;
    request.resume();
    if (mode === 'hanging') hanging.add(response);
    else if (mode === 'resetting') response.socket?.destroy();
    else if (mode === 'unavailable') response.writeHead(503, { 'retry-after': '5' }).end();
    else if (mode === 'not a key set')
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in to the network</html>');
    else
      response
        .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        .end(JSON.stringify({ keys: published.map((key) => key.publicJwk) }));
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      for (const response of hanging) response.socket?.destroy();
      hanging.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen(0);
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    jwksUri: `${origin}/keys`,
    get requests() {
      return requests;
    },
    get signingKey() {
      return published.at(-1) as SigningKey;
    },
    get published() {
      return published;
    },
    async setMode(next) {
      if (mode === 'closed' && next !== 'closed') await listen(port);
      if (next === 'closed' && mode !== 'closed') await stopListening();
      for (const response of hanging) response.socket?.destroy();
      hanging.clear();
      mode = next;
    },
    async rotate(options = {}) {
      const key = await generateSigningKey();
      published = options.retireOld === true ? [key] : [...published, key];
      return key;
    },
    close: () => (mode === 'closed' ? Promise.resolve() : stopListening()),
  };
}

/**
 * What Entra's provisioning blade shows an admin in Step 1 for one customer's Entra tenant, as `trusts
 * create` stores it: the same fields as functions/storage/client-store.ts's Trust. The issuer is the
 * stand-in's `<origin>/<tid>/v2.0`, as Microsoft's is `https://login.microsoftonline.com/<tid>/v2.0`.
 */
export interface EntraTrust {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly entraTenant: string;
  readonly subject: string;
  readonly audience: string;
}

export function entraTrust(endpoint: KeyEndpointDouble, overrides: Partial<EntraTrust> = {}): EntraTrust {
  const entraTenant = overrides.entraTenant ?? randomUUID();
  return {
    issuer: `${endpoint.origin}/${entraTenant}/v2.0`,
    jwksUri: endpoint.jwksUri,
    entraTenant,
    subject: randomUUID(),
    audience: randomUUID(),
    ...overrides,
  };
}

/** Entra's provisioning service's application id, as a v2 token's azp carries it (a stand-in value). */
const PROVISIONING_APP_ID = '1b7f6c2e-7d8a-4f1e-9c3b-5a6d2e8f0c41';

/** The claims of the v2 app-only token Entra would present under `trust` at `now`. */
export function entraClaims(trust: EntraTrust, now: Date = new Date()): Record<string, unknown> {
  const iat = Math.floor(now.getTime() / 1000);
  return {
    aud: trust.audience.replace(/^api:\/\//, ''),
    iss: trust.issuer,
    iat,
    nbf: iat,
    exp: iat + 3900,
    azp: PROVISIONING_APP_ID,
    azpacr: '2',
    idtyp: 'app',
    oid: trust.subject,
    sub: trust.subject,
    tid: trust.entraTenant,
    uti: randomBytes(16).toString('base64url'),
    ver: '2.0',
  };
}

export interface AssertionOptions {
  readonly now?: Date;
  /** Claims replaced or added. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Claims left out. */
  readonly omit?: readonly string[];
  /** Signed with this key (default: the endpoint's current signing key) under its kid, or `kid`. */
  readonly key?: SigningKey;
  readonly kid?: string;
}

/** An assertion as Entra signs it (RS256, header typ JWT and kid), with `options` changing it. */
export async function signAssertion(
  trust: EntraTrust,
  endpoint: KeyEndpointDouble,
  options: AssertionOptions = {},
): Promise<string> {
  const key = options.key ?? endpoint.signingKey;
  const claims: Record<string, unknown> = { ...entraClaims(trust, options.now), ...options.claims };
  for (const name of options.omit ?? []) delete claims[name];
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: options.kid ?? key.kid })
    .sign(key.privateKey);
}

/** The forged or unacceptable assertions a trust must refuse (see forgeAssertion). */
export const FORGERIES = [
  'alg none',
  'HS256 keyed with the public key',
  'unknown kid',
  'known kid, another key',
  'expired',
  'nbf in the future',
  'iat in the future',
  'wrong aud',
  'aud with /.default',
  'wrong iss',
  'v1 issuer',
  'wrong tid',
  'wrong sub',
  'no tid',
  'no exp',
  "another tenant's assertion",
] as const;
export type Forgery = (typeof FORGERIES)[number];

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const SECONDS_BEYOND_SKEW = 300;

/** One forged assertion against `trust`, at `now`. Every one but the algorithm ones has a valid RS256 signature. */
export async function forgeAssertion(
  forgery: Forgery,
  trust: EntraTrust,
  endpoint: KeyEndpointDouble,
  now: Date = new Date(),
): Promise<string> {
  const at = Math.floor(now.getTime() / 1000);
  const sign = (options: Omit<AssertionOptions, 'now'> = {}) =>
    signAssertion(trust, endpoint, { now, ...options });
  switch (forgery) {
    case 'alg none':
      return `${base64url({ typ: 'JWT', alg: 'none' })}.${base64url(entraClaims(trust, now))}.`;
    case 'HS256 keyed with the public key':
      return hs256WithPublicKey(trust, endpoint.signingKey, now);
    case 'unknown kid':
      return sign({ key: await generateSigningKey() });
    case 'known kid, another key':
      return sign({ key: await generateSigningKey(), kid: endpoint.signingKey.kid });
    case 'expired':
      return sign({
        claims: {
          iat: at - 3900 - SECONDS_BEYOND_SKEW,
          nbf: at - 3900 - SECONDS_BEYOND_SKEW,
          exp: at - SECONDS_BEYOND_SKEW,
        },
      });
    case 'nbf in the future':
      return sign({ claims: { nbf: at + SECONDS_BEYOND_SKEW } });
    case 'iat in the future':
      return sign({ claims: { iat: at + SECONDS_BEYOND_SKEW } });
    case 'wrong aud':
      return sign({ claims: { aud: randomUUID() } });
    case 'aud with /.default':
      return sign({ claims: { aud: `api://${trust.audience.replace(/^api:\/\//, '')}/.default` } });
    case 'wrong iss':
      return sign({ claims: { iss: `${endpoint.origin}/${randomUUID()}/v2.0` } });
    case 'v1 issuer':
      return sign({ claims: { iss: `https://sts.windows.net/${trust.entraTenant}/`, ver: '1.0' } });
    case 'wrong tid':
      return sign({ claims: { tid: randomUUID() } });
    case 'wrong sub':
      return sign({ claims: { sub: randomUUID() } });
    case 'no tid':
      return sign({ omit: ['tid'] });
    case 'no exp':
      return sign({ omit: ['exp'] });
    case "another tenant's assertion":
      // Signed by Microsoft's real (shared) key, for another customer's trust: valid, but not this trust's.
      return signAssertion(entraTrust(endpoint), endpoint, { now });
  }
}

/** Algorithm confusion (RFC 8725 §2.1): HMAC-SHA256 keyed with the RSA public key's PEM text, which is public. */
function hs256WithPublicKey(trust: EntraTrust, key: SigningKey, now: Date): string {
  const input = `${base64url({ typ: 'JWT', alg: 'HS256', kid: key.kid })}.${base64url(entraClaims(trust, now))}`;
  return `${input}.${createHmac('sha256', key.spkiPem).update(input).digest('base64url')}`;
}
