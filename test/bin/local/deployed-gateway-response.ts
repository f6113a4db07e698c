import { expect } from 'vitest';
import type { LOCAL_GATEWAY_RESPONSES } from '../../../bin/local/local-gateway';
import { SCIM_GATEWAY_RESPONSES } from '../../../lib/scim-gateway-responses';

export type LocalGatewayResponseType = keyof typeof LOCAL_GATEWAY_RESPONSES;

/** What the deployed API answers for a gateway response type (lib/scim-gateway-responses.ts). */
export function deployed(type: LocalGatewayResponseType) {
  const response = SCIM_GATEWAY_RESPONSES.find((r) => r.type.responseType === type);
  if (response === undefined) throw new Error(`the stack has no ${type} gateway response`);
  return response;
}

/** The answer is the deployed gateway response of that type: status, SCIM body and headers. */
export function expectGatewayResponse(
  answer: { status: number; headers: Headers; text: string },
  type: LocalGatewayResponseType,
) {
  const expected = deployed(type);
  expect(answer.status).toBe(expected.status);
  expect(JSON.parse(answer.text)).toEqual({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    detail: expected.detail,
    status: String(expected.status),
  });
  // The deployed one says `application/scim+json`; locally every SCIM answer adds `; charset=utf-8`.
  expect(answer.headers.get('content-type')).toMatch(/^application\/scim\+json\b/);
  for (const [name, value] of Object.entries(expected.headers)) {
    expect(answer.headers.get(name)).toBe(value);
  }
}
