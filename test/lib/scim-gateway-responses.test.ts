import { describe, expect, it } from 'vitest';
import {
  ERROR_CATALOGUE,
  type ErrorEntry,
  errorHeaders,
  renderScimError,
} from '../../functions/scim/error-catalogue';
import { SCIM_GATEWAY_RESPONSES } from '../../lib/scim-gateway-responses';
import { synthesize } from './synth';

const entries = Object.values(ERROR_CATALOGUE as Record<string, ErrorEntry>);
const gatewayTypes = entries.flatMap((entry) =>
  (entry.gatewayResponses ?? []).map((type) => ({ type, entry })),
);

describe("the stack's gateway responses say what the error catalogue says", () => {
  const { resources } = synthesize({});
  const responses = resources('AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);

  it('declares one gateway response per type the catalogue names, and no other', () => {
    expect(responses.map((r) => r.ResponseType).sort()).toEqual(gatewayTypes.map((g) => g.type).sort());
    expect(SCIM_GATEWAY_RESPONSES.map((r) => r.type.responseType)).toEqual(gatewayTypes.map((g) => g.type));
  });

  it.each(gatewayTypes)('$type: status, headers and the Error JSON of its entry', ({ type, entry }) => {
    const response = responses.find((r) => r.ResponseType === type);
    const body = JSON.stringify(renderScimError(entry));
    // Header values are mapping expressions: string literals in single quotes.
    const headers = {
      'Content-Type': 'application/scim+json',
      'Cache-Control': 'no-store',
      ...errorHeaders(entry),
    };
    expect(response).toEqual({
      RestApiId: expect.anything(),
      ResponseType: type,
      StatusCode: String(entry.status),
      ResponseParameters: Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [`gatewayresponse.header.${name}`, `'${value}'`]),
      ),
      ResponseTemplates: { 'application/json': body, 'application/scim+json': body },
    });
  });
});

describe("the WAF rate rule's answer says what the error catalogue says", () => {
  const { resources } = synthesize({ wafRateLimit: 20_000 });
  const [acl] = resources('AWS::WAFv2::WebACL').map(([, r]) => r.Properties);
  const entry = ERROR_CATALOGUE.tokenRateLimited;

  it('blocks with the catalogue entry: its status, Retry-After and Error JSON', () => {
    const rules = acl?.Rules as { Name: string; Action: { Block: { CustomResponse: unknown } } }[];
    const rule = rules.find((r) => r.Name === 'RatePerBearerToken');
    expect(rule?.Action.Block.CustomResponse).toEqual({
      ResponseCode: entry.status,
      CustomResponseBodyKey: 'scimTooManyRequests',
      ResponseHeaders: [{ Name: 'Retry-After', Value: String(entry.retryAfterSeconds) }],
    });
    // WAF offers no application/scim+json: JSON is the nearest of its content types.
    expect(acl?.CustomResponseBodies).toEqual({
      scimTooManyRequests: {
        ContentType: 'APPLICATION_JSON',
        Content: JSON.stringify(renderScimError(entry)),
      },
    });
  });
});
