import { basicCredentialsOf } from '../auth/basic-credentials';
import type { TokenRefusalName } from './token-refusals';
import type { TokenRequest } from './token-request';

/** RFC 7523 §2.2: the one client_assertion_type for a JWT. https://www.rfc-editor.org/rfc/rfc7523#section-2.2 */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** How the client authenticated, by the names of RFC 7591 §2 (the assertion: Entra's federated JWT). */
export type ClientAuthenticationMethod = 'client_secret_basic' | 'client_secret_post' | 'client_assertion';

/** The one authentication method a request used, with its credentials as sent (never logged). */
export type PresentedCredentials =
  | {
      readonly method: 'client_secret_basic' | 'client_secret_post';
      readonly clientId: string;
      readonly secret: string;
    }
  | { readonly method: 'client_assertion'; readonly clientId: string; readonly assertion: string };

export type Presented =
  | { readonly ok: true; readonly credentials: PresentedCredentials }
  | {
      readonly ok: false;
      readonly refusal: TokenRefusalName;
      readonly method?: ClientAuthenticationMethod;
    };

const refuse = (refusal: TokenRefusalName, method?: ClientAuthenticationMethod): Presented =>
  method === undefined ? { ok: false, refusal } : { ok: false, refusal, method };

function assertionCredentials(request: TokenRequest): Presented {
  const method = 'client_assertion';
  const { assertionType, assertion, clientId } = request;
  if (assertionType === undefined || assertion === undefined) return refuse('incompleteAssertion', method);
  // Entra names the trust by client_id (RFC 7521 §4.2 makes it OPTIONAL; here it is what binds the tenant).
  if (clientId === undefined) return refuse('missingClientId', method);
  if (assertionType !== JWT_BEARER_ASSERTION_TYPE) return refuse('unsupportedAssertionType', method);
  return { ok: true, credentials: { method, clientId, assertion } };
}

/**
 * Which authentication method the request used, detected in this order: the Basic header (RFC 6749
 * §2.3.1, which the server MUST support and Entra sends by default), form client_id + client_secret
 * (§2.3.1, MAY), a JWT client assertion (RFC 7523 §2.2, Entra's workload identity federation).
 * More than one method is invalid_request (§2.3: "MUST NOT use more than one authentication method in
 * each request"); none is invalid_client (§5.2: "no client authentication included").
 */
export function presentedCredentials(request: TokenRequest): Presented {
  const basic = basicCredentialsOf(request.authorization);
  if (basic === 'malformed') return refuse('malformedBasic', 'client_secret_basic');
  const usesPost = request.clientSecret !== undefined;
  const usesAssertion = request.assertionType !== undefined || request.assertion !== undefined;
  if ([basic !== undefined, usesPost, usesAssertion].filter(Boolean).length > 1)
    return refuse('multipleMethods');
  if (basic !== undefined) {
    // A client_id in the body beside Basic is allowed, but must name the same client.
    if (request.clientId !== undefined && request.clientId !== basic.clientId)
      return refuse('clientIdMismatch', 'client_secret_basic');
    return { ok: true, credentials: { method: 'client_secret_basic', ...basic } };
  }
  if (usesPost) {
    const { clientId, clientSecret } = request;
    if (clientId === undefined) return refuse('missingClientId', 'client_secret_post');
    return {
      ok: true,
      credentials: { method: 'client_secret_post', clientId, secret: clientSecret as string },
    };
  }
  if (usesAssertion) return assertionCredentials(request);
  return refuse('noClientAuthentication');
}
