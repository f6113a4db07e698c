/**
 * The reader the vendor's application imports (`scim-endpoint-aws/reader`): a tenant's Users and Groups as
 * SCIM resources (RFC 7643: id, externalId, meta, the attributes), read from the data table through the
 * store's own read paths, so the table's layout stays an internal detail. Read-only: it sends GetItem,
 * Query and BatchGetItem only, never a write (not even the clean-ups the endpoint makes as it reads).
 * Resources being deleted are not returned, as on the endpoint. The tenant is always an explicit argument.
 * Resources deleted under a policy that retains deletions are returned only by `listDeleted` and
 * `getDeleted`, until their retention ends.
 * Costs and IAM permissions: docs/reader.md.
 */
import { ENV } from '../environment-names';
import { isResourceId } from '../scim/resource-id';
import { GROUP_RESOURCE_TYPE, type ResourceKind, USER_RESOURCE_TYPE } from '../scim/schema/resource-type';
import { ScimError } from '../scim/scim-error';
import { TENANT_ID_PATTERN } from '../scim/tenant-id';
import { createDocumentClient } from '../storage/dynamo-client';
import type { DataClient } from '../storage/dynamo-stores';
import { MembershipStore } from '../storage/membership-store';
import { ResourceStore } from '../storage/resource-store';
import { TombstoneReads } from '../storage/tombstone-reads';
import { countActiveUsers } from './count-active';
import { type DeletedResource, deletedReader } from './deleted-resources';
import { readMemberPage } from './member-page';
import { cursorWindow, type PageOptions } from './reader-window';
import { type ResourceReader, resourceReader } from './resource-reader';
import type { ReaderPage, ScimGroup, ScimMember, ScimUser } from './scim-resources';

export type { DeletedResource } from './deleted-resources';
export type { PageOptions } from './reader-window';
export type { ListedResources, ResourceReader } from './resource-reader';
export type * from './scim-resources';

export interface ScimReaderOptions {
  /** The data table (`ScimApi.dataTable.tableName`). */
  readonly tableName: string;
  /** A document client of the vendor's own; else one is made for `region` and `endpoint`. */
  readonly client?: DataClient;
  /** Default: the AWS_REGION that Lambda sets. */
  readonly region?: string;
  /** DynamoDB Local's URL, for local runs. */
  readonly endpoint?: string;
  /** The endpoint's base URL (`…/scim/v2`): with it, resources carry `meta.location`. */
  readonly baseUrl?: string;
  /** The clock deleted resources' retention is judged by (tests); default the system's. */
  readonly now?: () => Date;
}

export interface UserReader extends ResourceReader<ScimUser> {
  /** The user with this userName, compared case-insensitively (RFC 7643 §4.1.1: caseExact false). */
  findByUserName(userName: string): Promise<ScimUser | undefined>;
  /** The groups the user is a direct member of, in id order. */
  groups(userId: string): Promise<ScimGroup[]>;
  /** How many users have `active` true; reads the whole tenant (see count-active.ts), at most `maxPages`. */
  countActive(options?: { readonly maxPages?: number }): Promise<number>;
}

export interface GroupReader extends ResourceReader<ScimGroup> {
  /** The group with this displayName, compared case-insensitively (unique per tenant here). */
  findByDisplayName(displayName: string): Promise<ScimGroup | undefined>;
  /** The group's members (Users and Groups) in member-id order, a page at a time. */
  members(groupId: string, options?: PageOptions): Promise<ReaderPage<ScimMember>>;
}

/** The SCIM shape of a resource type's resources. */
export type ScimResourceOf<K extends ResourceKind> = K extends 'User' ? ScimUser : ScimGroup;

/** Everything the reader reads of one tenant. */
export interface TenantReader {
  readonly users: UserReader;
  readonly groups: GroupReader;
  /**
   * The resources deleted while the tenant's policy retained deletions, until their retention ends, in id
   * order, a page at a time. Resources deleted under a hard policy, or before, are not there.
   */
  listDeleted<K extends ResourceKind>(
    resourceType: K,
    options?: PageOptions,
  ): Promise<ReaderPage<DeletedResource<ScimResourceOf<K>>>>;
  /** The deleted resource with this id while its retention lasts, else undefined. */
  getDeleted<K extends ResourceKind>(
    resourceType: K,
    id: string,
  ): Promise<DeletedResource<ScimResourceOf<K>> | undefined>;
}

export interface ScimReader {
  /** The reader of one tenant (the id the admin CLI created it with); another tenant's data is never read. */
  tenant(tenantId: string): TenantReader;
}

/** A reader of the data table `tableName`. */
export function createScimReader(options: ScimReaderOptions): ScimReader {
  const db =
    options.client ?? createDocumentClient({ region: regionOf(options), endpoint: options.endpoint });
  const table = options.tableName;
  const userStore = new ResourceStore(db, table, 'User');
  const groupStore = new ResourceStore(db, table, 'Group');
  const memberships = new MembershipStore(db, table);
  const tombstones = new TombstoneReads(db, table, options.now);
  const { baseUrl } = options;
  const types = { User: USER_RESOURCE_TYPE, Group: GROUP_RESOURCE_TYPE } as const;
  return {
    tenant(tenantId) {
      if (!TENANT_ID_PATTERN.test(tenantId)) throw ScimError.badRequest('invalidValue', 'Not a tenant id');
      const {
        findByName: findUser,
        byIds: _users,
        ...users
      } = resourceReader<ScimUser>(userStore, USER_RESOURCE_TYPE, tenantId, baseUrl);
      const {
        findByName: findGroup,
        byIds: groupsById,
        ...groups
      } = resourceReader<ScimGroup>(groupStore, GROUP_RESOURCE_TYPE, tenantId, baseUrl);
      const deleted = <K extends ResourceKind>(kind: K) => {
        if (!Object.hasOwn(types, kind)) throw ScimError.badRequest('invalidValue', 'Not a resource type');
        return deletedReader<ScimResourceOf<K>>(tombstones, tenantId, types[kind], baseUrl);
      };
      return {
        listDeleted: async (kind, page) => {
          const { after, count: limit } = cursorWindow(page);
          return deleted(kind).list({ after, limit });
        },
        getDeleted: async (kind, id) => deleted(kind).get(id),
        users: {
          ...users,
          findByUserName: findUser,
          // gsi1 (eventually consistent) names the groups; their items are then read strongly consistent.
          groups: async (userId) =>
            isResourceId(userId) ? groupsById(await memberships.groupIdsOf(tenantId, userId)) : [],
          countActive: (count = {}) => countActiveUsers(userStore, tenantId, count.maxPages),
        },
        groups: {
          ...groups,
          findByDisplayName: findGroup,
          members: async (groupId, page) => {
            const { after, count: limit } = cursorWindow(page);
            if (!isResourceId(groupId)) return { resources: [] };
            return readMemberPage(db, table, tenantId, groupId, { after, limit });
          },
        },
      };
    },
  };
}

function regionOf(options: ScimReaderOptions): string {
  const region = options.region ?? process.env[ENV.AWS_REGION];
  if (region === undefined)
    throw new Error('createScimReader: give a region (or a client), or set AWS_REGION');
  return region;
}
