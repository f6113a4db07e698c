/**
 * The benchmark's peer: a SCIM 2.0 server built the way SCIMMY's documentation shows, with SCIMMY 1.3.5 and
 * scimmy-routers 1.3.2 on express 5.3, and an in-memory store written as a competent vendor would write it:
 *
 *   - users by id, plus an index of lower-cased userName → id, so that Entra's `userName eq "…"` look-up
 *     reads one entry instead of scanning (any other filter is matched by SCIMMY's own Filter over the
 *     collection); 409 `uniqueness` on a duplicate userName (userName is caseExact false, RFC 7643 §4.1.1);
 *   - groups with their members stored on the group, which is how SCIMMY models them: a PATCH of members is
 *     egress of the whole group, SCIMMY's PatchOp, then ingress of the whole group; member ids are checked
 *     against the store (400 `invalidValue` for unknown ids), as the endpoint measured against it does, and
 *     a member added twice is kept once;
 *   - records are copied into the store as plain JSON (what a database would hold), never shared with
 *     SCIMMY's schema instances;
 *   - a fixed bearer token (`SCIM_TOKEN`, default below), compared in constant time.
 *
 * SCIMMY still does its own work on everything egress returns: schema coercion, `attributes` /
 * `excludedAttributes`, sorting and paging (ListResponse). Express's body-hash ETag is switched off: SCIM
 * versions are resource versions, and hashing every response body is work no SCIM vendor needs.
 *
 *   PORT=8788 node bin/bench/scimmy-peer.mjs   → http://127.0.0.1:8788/scim/v2
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

const PORT = Number(process.env.PORT ?? 8788);
const HOST = process.env.HOST ?? '127.0.0.1';
const TOKEN = process.env.SCIM_TOKEN ?? 'scimmy-peer-token';
const BASE_PATH = '/scim/v2';

/** @typedef {Record<string, unknown> & {id: string, meta: {created: string, lastModified: string}}} StoredResource */

/** @type {Map<string, StoredResource>} */
const users = new Map();
/** @type {Map<string, string>} lower-cased userName → id */
const userIdByName = new Map();
/** @type {Map<string, StoredResource>} */
const groups = new Map();

const notFound = (id) => new SCIMMY.Types.Error(404, null, `Resource ${id} not found`);

/** A SCIMMY schema instance as the plain JSON a database would store (its own toJSON drops empty values). */
const plain = (instance) => JSON.parse(JSON.stringify(instance));

/**
 * `userName eq "…"` (Entra's and Okta's matching query) as the value looked for, or undefined for any
 * other filter. SCIMMY parses filters into [{attribute: [comparator, value]}, …] (one object per `or`).
 */
function userNameEquals(filter) {
  if (filter === undefined || filter.length !== 1) return undefined;
  const [expression] = filter;
  const keys = Object.keys(expression);
  if (keys.length !== 1 || keys[0].toLowerCase() !== 'username') return undefined;
  const condition = expression[keys[0]];
  if (!Array.isArray(condition) || condition.length !== 2) return undefined;
  const [comparator, value] = condition;
  return typeof comparator === 'string' && comparator.toLowerCase() === 'eq' && typeof value === 'string'
    ? value
    : undefined;
}

/**
 * Stores `data` as resource `id` of `store`, created at `created` and modified `now`; returns what it stored.
 * @param {Map<string, StoredResource>} store
 * @param {string} id
 * @param {Record<string, unknown>} data
 * @param {string} created
 * @param {string} now
 * @returns {StoredResource}
 */
function save(store, id, data, created, now) {
  const saved = { ...data, id, meta: { created, lastModified: now } };
  store.set(id, saved);
  return saved;
}

SCIMMY.Resources.declare(SCIMMY.Resources.User, {
  extensions: [{ schema: SCIMMY.Schemas.EnterpriseUser, required: false }],
  egress: (resource) => {
    if (resource.id !== undefined) {
      const user = users.get(resource.id);
      if (user === undefined) throw notFound(resource.id);
      return user;
    }
    const userName = userNameEquals(resource.filter);
    if (userName !== undefined) {
      const id = userIdByName.get(userName.toLowerCase());
      const user = id === undefined ? undefined : users.get(id);
      return user === undefined ? [] : [user];
    }
    const all = [...users.values()];
    return resource.filter === undefined ? all : resource.filter.match(all);
  },
  ingress: (resource, instance) => {
    const data = plain(instance);
    const key = String(data.userName).toLowerCase();
    const holder = userIdByName.get(key);
    const now = new Date().toISOString();
    if (resource.id !== undefined) {
      const existing = users.get(resource.id);
      if (existing === undefined) throw notFound(resource.id);
      if (holder !== undefined && holder !== resource.id) {
        throw new SCIMMY.Types.Error(409, 'uniqueness', 'userName is already taken');
      }
      userIdByName.delete(String(existing.userName).toLowerCase());
      userIdByName.set(key, resource.id);
      return save(users, resource.id, data, existing.meta.created, now);
    }
    if (holder !== undefined) throw new SCIMMY.Types.Error(409, 'uniqueness', 'userName is already taken');
    const created = save(users, randomUUID(), data, now, now);
    userIdByName.set(key, created.id);
    return created;
  },
  degress: (resource) => {
    const user = users.get(resource.id);
    if (user === undefined) throw notFound(resource.id);
    users.delete(resource.id);
    userIdByName.delete(String(user.userName).toLowerCase());
    for (const [groupId, group] of groups) {
      const members = /** @type {{value: string}[] | undefined} */ (group.members);
      if (members?.some((member) => member.value === resource.id)) {
        groups.set(groupId, { ...group, members: members.filter((member) => member.value !== resource.id) });
      }
    }
  },
});

SCIMMY.Resources.declare(SCIMMY.Resources.Group, {
  egress: (resource) => {
    if (resource.id !== undefined) {
      const group = groups.get(resource.id);
      if (group === undefined) throw notFound(resource.id);
      return group;
    }
    const all = [...groups.values()];
    return resource.filter === undefined ? all : resource.filter.match(all);
  },
  ingress: (resource, instance) => {
    const data = plain(instance);
    const members = /** @type {{value: string}[] | undefined} */ (data.members);
    if (members !== undefined) {
      // SCIMMY's PatchOp appends whatever an `add` carries: a member added twice is kept once.
      const byId = new Map();
      for (const member of members) {
        if (!users.has(member.value) && !groups.has(member.value)) {
          throw new SCIMMY.Types.Error(400, 'invalidValue', `No member with id ${member.value}`);
        }
        if (!byId.has(member.value)) byId.set(member.value, member);
      }
      data.members = [...byId.values()];
    }
    const now = new Date().toISOString();
    if (resource.id !== undefined) {
      const existing = groups.get(resource.id);
      if (existing === undefined) throw notFound(resource.id);
      return save(groups, resource.id, data, existing.meta.created, now);
    }
    return save(groups, randomUUID(), data, now, now);
  },
  degress: (resource) => {
    if (!groups.delete(resource.id)) throw notFound(resource.id);
  },
});

const expected = Buffer.from(`Bearer ${TOKEN}`);

const app = express();
app.disable('etag');
app.disable('x-powered-by');
app.use(
  BASE_PATH,
  new SCIMMYRouters({
    type: 'bearer',
    handler: (request) => {
      const given = Buffer.from(request.header('Authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new Error('The bearer token is missing or invalid');
      }
      return 'scim-client';
    },
  }),
);

const server = app.listen(PORT, HOST, (error) => {
  if (error) {
    console.error(`Cannot listen on ${HOST}:${PORT}: ${error.message}`);
    process.exit(1);
  }
  console.log(`Tenant URL: http://${HOST}:${PORT}${BASE_PATH}`);
  console.log(`Secret Token: ${TOKEN}`);
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
