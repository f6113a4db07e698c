/**
 * Lambda's synchronous invocation payload quotas, "6 MB each for request and response"
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html; Invoke,
 * https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html). Enforced on the bytes Lambda carries:
 * the proxy event JSON going in, and the JSON of the proxy result coming out, whose `body` is a JSON string
 * inside it. The exact figures are the ones Lambda's errors name: a request "must be smaller than 6291456
 * bytes", a response fails with Function.ResponseSizeTooLarge above "maximum allowed payload size
 * (6291556 bytes)".
 */
export const LAMBDA_PAYLOAD_LIMITS = {
  requestBytes: 6 * 1024 * 1024,
  responseBytes: 6 * 1024 * 1024 + 100,
} as const;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The bytes a JSON text (as JSON.stringify writes it) takes once it is itself a JSON string, as a proxy
 * result's `body` is in the response payload. Exact, and additive over concatenation: JSON.stringify's
 * output holds no control character and no lone surrogate (it wrote them as `\uXXXX`), so the only
 * characters the second encoding escapes are `"` and `\`, each one byte longer; everything else keeps its
 * UTF-8 length. This is the worst case of escaping: a U+0001 in a value is 1 byte stored, 6 (`\u0001`) in
 * the body and 7 (`\\u0001`) in the payload.
 */
export function payloadBytes(jsonText: string): number {
  let escaped = 0;
  for (let i = 0; i < jsonText.length; i++) {
    const code = jsonText.charCodeAt(i);
    if (code === QUOTE || code === BACKSLASH) escaped++;
  }
  return Buffer.byteLength(jsonText) + escaped;
}
