import { ScimError } from '../scim-error';

/** RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA. */
const ATTRNAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Names every JavaScript object already has (Object.prototype's own, and `prototype`): `constructor` is
 * an ATTRNAME, but no client attribute may be called like a member of the objects that hold it.
 */
const RESERVED = new Set(
  [...Object.getOwnPropertyNames(Object.prototype), 'prototype'].map((n) => n.toLowerCase()),
);

/** A URN key: an extension's schema URI (RFC 7643 §3.3), or an attribute qualified by one (RFC 7644 §3.10). */
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[A-Za-z0-9()+,\-.:=@;$_!*'%/]+$/i;

/** Whether `name` may name an attribute or sub-attribute: an ATTRNAME that is not reserved, or `$ref` (RFC 7643 §2.4). */
export function isAttributeName(name: string): boolean {
  return name === '$ref' || (ATTRNAME.test(name) && !RESERVED.has(name.toLowerCase()));
}

export function isUrn(text: string): boolean {
  return URN.test(text);
}

/** The text after a URN's last colon: the attribute path an RFC 7644 §3.10 qualified name ends with. */
export function afterLastColon(text: string): string {
  return text.slice(text.lastIndexOf(':') + 1);
}

/**
 * Whether a top-level key of a resource or of a path-less PATCH value is well formed: an attribute path
 * (`name.givenName`, `emails[type eq "work"].value`, PATCH only) or a URN, whose attribute names (the
 * parts outside brackets, after the URN's last colon) are all attribute names.
 */
function isTopLevelKey(key: string): boolean {
  const outside = key.replace(/\[[^\]]*\]/g, '');
  if (/^urn:/i.test(outside)) {
    if (!isUrn(outside)) return false;
    const tail = afterLastColon(outside);
    return tail.split('.').every((part) => isAttributeName(part) || /^\d/.test(part) || part === '');
  }
  return outside.split('.').every(isAttributeName);
}

/** Objects deeper than this are refused by the resource schemas anyway; the walk stops there. */
const MAX_DEPTH = 8;

/**
 * Refuses a body whose keys are not attribute names (RFC 7643 §2.1), at any level: `__proto__`,
 * `constructor`, `a b`, `1st`. A key of the top level may be a URN (or, in a path-less PATCH value, a
 * path); `topLevel` false checks a value, whose keys are all attribute names. Linear in the body's size.
 */
export function assertAttributeNames(body: unknown, subject: string, topLevel = true): void {
  walk(body, subject, 0, topLevel);
}

function walk(value: unknown, subject: string, depth: number, topLevel: boolean): void {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const element of value) walk(element, subject, depth + 1, false);
    return;
  }
  for (const key of Object.keys(value)) {
    if (!(topLevel ? isTopLevelKey(key) : isAttributeName(key))) {
      throw ScimError.badRequest(
        'invalidSyntax',
        `${subject} has the key '${key.slice(0, 100)}', which is not an attribute name (RFC 7643 §2.1: a letter, then letters, digits, '-' or '_')`,
      );
    }
    walk((value as Record<string, unknown>)[key], subject, depth + 1, false);
  }
}
