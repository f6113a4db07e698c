import { patchOp } from '../../test/support/users';
import { addMembers, entraGroup } from './entra-group';
import { entraUser } from './entra-user';
import type { ScimClient } from './scim-client';
import { pool } from './stats';

/** A server prepared for the classes: its users, and a group of each size with its members. */
export interface ClassState {
  readonly client: ScimClient;
  readonly tag: string;
  readonly userIds: readonly string[];
  readonly groups: readonly { readonly size: number; readonly id: string; spareIn: boolean }[];
  /** The member toggled in and out of every group: not one of its members. */
  readonly spare: string;
  nextUser: number;
}

/** An operation class: its name, its group size (member PATCHes), and its i-th request. */
export interface OperationClass {
  readonly operation: string;
  readonly groupSize?: number;
  /** Sends request `i` of the class; whether it was answered as expected. */
  send(state: ClassState, i: number): Promise<boolean>;
}

const ok = (status: number) => status === 200 || status === 204;

/**
 * The classes measured: Entra's user lookup (of a user that exists), a create, an attribute change, and a
 * single-member change of a group of each size (the member added, then removed, so the group keeps its
 * size). One group's changes are sent one after the other, as Entra sends them.
 */
export function operationClasses(groupSizes: readonly number[]): OperationClass[] {
  const userName = (state: ClassState, i: number) => entraUser(i % state.userIds.length, state.tag).userName;
  return [
    {
      operation: 'user filter',
      send: async (state, i) => {
        const filter = `filter=userName+eq+%22${encodeURIComponent(userName(state, i))}%22`;
        return (await state.client.send('GET', `/Users?${filter}`)).status === 200;
      },
    },
    {
      operation: 'user create',
      send: async (state) => {
        const user = entraUser(state.nextUser++, state.tag);
        return (await state.client.send('POST', '/Users', user.body)).status === 201;
      },
    },
    {
      operation: 'user PATCH',
      send: async (state, i) => {
        const id = state.userIds[i % state.userIds.length];
        const body = patchOp({ op: 'replace', path: 'displayName', value: `Renamed ${i}` });
        return ok((await state.client.send('PATCH', `/Users/${id}`, body)).status);
      },
    },
    ...groupSizes.map(
      (size): OperationClass => ({
        operation: `member PATCH (group of ${size.toLocaleString('en')})`,
        groupSize: size,
        send: async (state) => {
          const group = state.groups.find((g) => g.size === size);
          if (group === undefined) return false;
          const body = group.spareIn
            ? patchOp({ op: 'remove', path: `members[value eq "${state.spare}"]` })
            : addMembers([state.spare]);
          const answered = ok((await state.client.send('PATCH', `/Groups/${group.id}`, body)).status);
          if (answered) group.spareIn = !group.spareIn;
          return answered;
        },
      }),
    ),
  ];
}

/** Creates the users (four at a time) and a group of each size, its members added 100 per PATCH, in order. */
export async function prepareClasses(
  client: ScimClient,
  tag: string,
  groupSizes: readonly number[],
): Promise<ClassState> {
  const count = Math.max(...groupSizes) + 1;
  const userIds: string[] = new Array(count);
  await pool(
    Array.from({ length: count }, (_, i) => i),
    4,
    async (i) => {
      const reply = await client.send('POST', '/Users', entraUser(i, tag).body);
      if (reply.status !== 201) throw new Error(`prepare: user create answered ${reply.status}`);
      userIds[i] = (JSON.parse(reply.body) as { id: string }).id;
    },
  );
  const groups: ClassState['groups'][number][] = [];
  for (const size of groupSizes) {
    const created = await client.send(
      'POST',
      '/Groups',
      entraGroup(`Bucket ${size} ${tag}`, `b-${size}-${tag}`),
    );
    if (created.status !== 201) throw new Error(`prepare: group create answered ${created.status}`);
    const id = (JSON.parse(created.body) as { id: string }).id;
    for (let start = 0; start < size; start += 100) {
      const batch = userIds.slice(start, Math.min(size, start + 100));
      const reply = await client.send('PATCH', `/Groups/${id}`, addMembers(batch));
      if (!ok(reply.status)) throw new Error(`prepare: member add answered ${reply.status}`);
    }
    groups.push({ size, id, spareIn: false });
  }
  return {
    client,
    tag,
    userIds: userIds.slice(0, -1),
    groups,
    spare: userIds.at(-1) as string,
    nextUser: count,
  };
}
