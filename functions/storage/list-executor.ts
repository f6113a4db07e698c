import type { ResourceState } from '../scim/representation';
import type { ListedPage, ListPlan, ListWindow } from '../scim/resource-store-port';
import type { ResourceKind } from '../scim/schema/resource-type';
import { decodeCursor, encodeCursor } from './cursor';
import type { StartKey } from './paginate';

/** A page of a tenant's resources and where the next page starts. */
export interface ResourcePage {
  readonly resources: readonly ResourceState[];
  readonly lastEvaluatedKey?: Record<string, unknown>;
}

/** What executing a listing's plan reads of a ResourceStore. */
export interface ListSource {
  readonly kind: ResourceKind;
  count(tenant: string): Promise<number>;
  page(tenant: string, startKey: StartKey, limit?: number): Promise<ResourcePage>;
  getMany(tenant: string, ids: readonly string[]): Promise<ResourceState[]>;
  findIdByName(tenant: string, name: string): Promise<string | undefined>;
  findIdsByExternalId(tenant: string, externalId: string): Promise<string[]>;
  findIdsByEmail(tenant: string, email: string): Promise<string[]>;
}

type Matches = (stored: ResourceState) => boolean;
type CursorWindow = Extract<ListWindow, { by: 'cursor' }>;
type IndexWindow = Extract<ListWindow, { by: 'index' }>;

const byId = (a: ResourceState, b: ResourceState) => (a.id < b.id ? -1 : 1);

/** Reads what `plan` says, keeps what `matches`, and returns the plan's window of it. */
export function executeListPlan(
  source: ListSource,
  tenant: string,
  plan: ListPlan,
  matches: Matches,
): Promise<ListedPage> {
  if (plan.read === 'lookup') return lookUp(source, tenant, plan, matches);
  if (plan.window.by === 'cursor') return scanAfterCursor(source, tenant, plan, plan.window, matches);
  return plan.everyResourceMatches
    ? scanIndexWindow(source, tenant, plan.window)
    : scanCountingMatches(source, tenant, plan.window, matches);
}

/** Resources a filter names, found by key lookups: the cost does not depend on the tenant's size. */
async function lookUp(
  source: ListSource,
  tenant: string,
  plan: Extract<ListPlan, { read: 'lookup' }>,
  matches: Matches,
): Promise<ListedPage> {
  const ids = new Set(plan.ids);
  for (const name of plan.names) {
    const id = await source.findIdByName(tenant, name);
    if (id !== undefined) ids.add(id);
  }
  for (const externalId of plan.externalIds) {
    for (const id of await source.findIdsByExternalId(tenant, externalId)) ids.add(id);
  }
  for (const email of plan.emails) {
    for (const id of await source.findIdsByEmail(tenant, email)) ids.add(id);
  }
  const found = (await source.getMany(tenant, [...ids])).sort(byId).filter(matches);
  const { window } = plan;
  if (window.by === 'index') {
    const offset = window.startIndex - 1;
    return { resources: found.slice(offset, offset + window.count), totalResults: found.length };
  }
  // RFC 9865: after the cursor's resource (found is in id order), a next cursor while more remain.
  const cursor = window.after;
  const after = cursor === undefined ? found : found.filter((stored) => stored.id > cursor);
  const resources = after.slice(0, window.count);
  const last = resources[resources.length - 1];
  return {
    resources,
    totalResults: found.length,
    ...(last !== undefined && after.length > resources.length ? { nextCursor: last.id } : {}),
  };
}

/**
 * RFC 9865: resume after the cursor's resource; a next cursor only when another match exists, or where the
 * bound on examined resources stopped the read.
 */
async function scanAfterCursor(
  source: ListSource,
  tenant: string,
  plan: Extract<ListPlan, { read: 'scan' }>,
  window: CursorWindow,
  matches: Matches,
): Promise<ListedPage> {
  const totalResults = plan.everyResourceMatches ? await source.count(tenant) : undefined;
  let startKey = window.after === undefined ? undefined : decodeCursor(window.after, tenant, source.kind);
  const resources: ResourceState[] = [];
  let nextCursor: string | undefined;
  let examined = 0;
  // Without a filter every item read is a match: one more than the page tells whether another exists.
  const limit = plan.everyResourceMatches ? window.count + 1 : undefined;
  scan: while (window.count > 0) {
    const result = await source.page(tenant, startKey, limit);
    for (const stored of result.resources) {
      examined++;
      if (!matches(stored)) continue;
      if (resources.length === window.count) {
        nextCursor = (resources[resources.length - 1] as ResourceState).id;
        break scan;
      }
      resources.push(stored);
    }
    if (result.lastEvaluatedKey === undefined) break;
    startKey = result.lastEvaluatedKey;
    if (plan.maxExamined !== undefined && examined >= plan.maxExamined) {
      nextCursor = encodeCursor(startKey, source.kind);
      break;
    }
  }
  return {
    resources,
    ...(totalResults === undefined ? {} : { totalResults }),
    ...(nextCursor === undefined ? {} : { nextCursor }),
  };
}

/** Index paging without a filter: the counters give the total; the window is read in id order. */
async function scanIndexWindow(source: ListSource, tenant: string, window: IndexWindow): Promise<ListedPage> {
  const resources: ResourceState[] = [];
  const first = window.startIndex - 1;
  const totalResults = await source.count(tenant);
  let skipped = 0;
  let startKey: StartKey;
  while (resources.length < window.count && first < totalResults) {
    const result = await source.page(tenant, startKey);
    for (const stored of result.resources) {
      if (skipped < first) skipped++;
      else if (resources.length < window.count) resources.push(stored);
    }
    if (result.lastEvaluatedKey === undefined) break;
    startKey = result.lastEvaluatedKey;
  }
  return { resources, totalResults };
}

/** Index paging with a filter: every resource is read, to count the matches (totalResults). */
async function scanCountingMatches(
  source: ListSource,
  tenant: string,
  window: IndexWindow,
  matches: Matches,
): Promise<ListedPage> {
  const resources: ResourceState[] = [];
  const first = window.startIndex - 1;
  let totalResults = 0;
  let startKey: StartKey;
  do {
    const result = await source.page(tenant, startKey);
    for (const stored of result.resources) {
      if (!matches(stored)) continue;
      if (totalResults >= first && resources.length < window.count) resources.push(stored);
      totalResults++;
    }
    startKey = result.lastEvaluatedKey;
  } while (startKey !== undefined);
  return { resources, totalResults };
}
