import type { HandlerCostOptions } from './bench-report';
import { accepting, type CallRecorder, createdWithId, emptyList, idOf, patched } from './call-recorder';
import { addMembers, entraGroup } from './entra-group';
import { entraUser } from './entra-user';
import type { ScimClient } from './scim-client';
import { pool } from './stats';

export type CyclePhase = 'users' | 'groups' | 'members';

/** One run of the cycle: where it sends, what it records, and the tag of its users' and groups' names. */
export interface CycleRun {
  readonly client: ScimClient;
  readonly recorder: CallRecorder;
  readonly options: HandlerCostOptions;
  readonly prefix: string;
}

const indexes = (count: number) => Array.from({ length: count }, (_, index) => index);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** The userName lookup that finds nothing, as Entra matches a user before it creates it. */
export function lookUp(run: CycleRun, userName: string) {
  const filter = `/Users?filter=userName+eq+%22${encodeURIComponent(userName)}%22`;
  return run.recorder.call(run.client, 'filter', 'GET', filter, undefined, accepting(emptyList));
}

async function createUsers(run: CycleRun, users: number): Promise<(string | undefined)[]> {
  const ids: (string | undefined)[] = new Array(users);
  await pool(indexes(users), run.options.concurrency, async (index) => {
    const user = entraUser(index, run.prefix);
    await lookUp(run, user.userName);
    const created = await run.recorder.call(
      run.client,
      'create',
      'POST',
      '/Users',
      user.body,
      accepting(createdWithId),
    );
    ids[index] = idOf(created);
  });
  return ids;
}

async function createGroups(run: CycleRun, groups: number): Promise<(string | undefined)[]> {
  const { prefix } = run;
  const groupIds: (string | undefined)[] = new Array(groups);
  await pool(indexes(groups), run.options.concurrency, async (index) => {
    const externalId = `8aa1a0c0-c4c3-4bc0-b4a5-${prefix}${index.toString(16).padStart(12 - prefix.length, '0')}`;
    const body = entraGroup(`Contoso Team ${prefix}${index}`, externalId);
    const created = await run.recorder.call(
      run.client,
      'createGroup',
      'POST',
      '/Groups',
      body,
      accepting(createdWithId),
    );
    groupIds[index] = idOf(created);
  });
  return groupIds;
}

/** The users (by index) of a group: everyone in group 0, user i also in group 1 + i mod (groups - 1). */
function membersOf(group: number, users: number, groups: number): number[] {
  if (group === 0) return indexes(users);
  const departments = groups - 1;
  return indexes(users).filter((index) => 1 + (index % departments) === group);
}

/**
 * As Entra assigns groups: group 0 holds every user (the app's assignment group, "All employees"), and
 * each user is also in one of the other groups (departments). One group's batches one after the other.
 */
async function assignMembers(
  run: CycleRun,
  ids: readonly (string | undefined)[],
  groupIds: readonly (string | undefined)[],
) {
  await pool(indexes(groupIds.length), run.options.concurrency, async (group) => {
    const groupId = groupIds[group];
    if (groupId === undefined) return;
    const members = membersOf(group, ids.length, groupIds.length).flatMap((index) => ids[index] ?? []);
    for (const batch of chunks(members, run.options.batch)) {
      await run.recorder.call(
        run.client,
        'addMembers',
        'PATCH',
        `/Groups/${groupId}`,
        addMembers(batch),
        patched,
      );
    }
  });
}

/** Entra's initial cycle: users (match, then create), groups, then members in batches. */
export async function entraCycle(
  run: CycleRun,
  users: number,
  groups: number,
  /** Called when a phase (users, groups, members) is over, e.g. to read the server's CPU. */
  phaseDone: (phase: CyclePhase) => void = () => {},
): Promise<void> {
  const ids = await createUsers(run, users);
  phaseDone('users');
  const groupIds = await createGroups(run, groups);
  phaseDone('groups');
  await assignMembers(run, ids, groupIds);
}

/** The number of requests the cycle sends when nothing fails. */
export function plannedOperations(options: HandlerCostOptions): number {
  let patches = 0;
  for (let group = 0; group < options.groups; group++) {
    patches += Math.ceil(membersOf(group, options.users, options.groups).length / options.batch);
  }
  return 2 * options.users + options.groups + patches;
}
