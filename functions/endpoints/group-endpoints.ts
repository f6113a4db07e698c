import { currentDeadline } from '../http/request-deadline';
import { type Endpoints, scimHandler } from '../http/scim-handler';
import { parsePatchRequest } from '../scim/patch/patch-request';
import type { RequestLogSink } from '../scim/request-log-port';
import type { GroupStorePort } from '../scim/resource-store-port';
import { DEFAULT_RESOURCE_TYPES, type ResourceTypes } from '../scim/schema/resource-type';
import { type DataClient, type DataStoreOptions, dynamoStores } from '../storage/dynamo-stores';
import { createGroup } from './create-group';
import type { GroupContext } from './group-context';
import { groupMembers } from './group-members';
import { MAX_MEMBER_BYTES_PER_RESPONSE, MAX_MEMBERS_PER_RESPONSE, MemberBudget } from './member-budget';
import { onlyMembers } from './only-members';
import { patchGroup } from './patch-group';
import { patchMembers } from './patch-members';
import { replaceGroup } from './replace-group';
import { resourceOperations } from './resource-operations';

export interface GroupEndpointsOptions {
  readonly groups: GroupStorePort;
  /** Defaults to MAX_MEMBERS_PER_RESPONSE. */
  readonly maxMembersPerResponse?: number;
  /** Defaults to MAX_MEMBER_BYTES_PER_RESPONSE. */
  readonly maxMemberBytesPerResponse?: number;
  /** With the deployment's declared extensions; default: none. */
  readonly resourceTypes?: ResourceTypes;
}

/** `/Groups`: RFC 7644 §3.2–3.6 for the Group resource type, with members as one item each. */
export function groupEndpoints({
  groups,
  maxMembersPerResponse = MAX_MEMBERS_PER_RESPONSE,
  maxMemberBytesPerResponse = MAX_MEMBER_BYTES_PER_RESPONSE,
  resourceTypes = DEFAULT_RESOURCE_TYPES,
}: GroupEndpointsOptions): Endpoints {
  const budget = () => new MemberBudget(maxMembersPerResponse, maxMemberBytesPerResponse);
  const operations = resourceOperations(resourceTypes.Group, groups, groupMembers(groups.members, budget));
  const context: GroupContext = { operations, groups, budget };
  return {
    '/Groups': { GET: operations.list, POST: (request) => createGroup(context, request) },
    '/Groups/.search': { POST: operations.search },
    '/Groups/{id}': {
      GET: operations.get,
      PUT: (request) => replaceGroup(context, request),
      PATCH: async (request) => {
        const patch = parsePatchRequest(request.body);
        // With If-Match the version must be compared before anything is written: the general path does that.
        if (onlyMembers(patch) && request.headers['if-match'] === undefined)
          return patchMembers(context, request, patch);
        return patchGroup(context, request, patch);
      },
      DELETE: operations.delete,
    },
  };
}

/**
 * Request bodies of `/Groups` may hold up to 100,000 members, as Okta's AIW apps PUT a group's whole
 * member list: 4.5 MiB keeps the proxy event (the body JSON-escaped inside it) within Lambda's 6 MB
 * request limit.
 */
export const GROUP_MAX_BODY_BYTES = 4.5 * 1024 * 1024;

/** The Lambda handler of `/Groups`, on the data table `table`. */
export function createGroupsHandler(
  db: DataClient,
  table: string,
  options: Pick<
    GroupEndpointsOptions,
    'maxMembersPerResponse' | 'maxMemberBytesPerResponse' | 'resourceTypes'
  > &
    DataStoreOptions & { readonly deadlineMarginMillis?: number; readonly requestLog?: RequestLogSink } = {},
) {
  const {
    maxMembersPerResponse,
    maxMemberBytesPerResponse,
    indexLagMillis,
    deadlineMarginMillis,
    resourceTypes,
    requestLog,
  } = options;
  const { groups } = dynamoStores(db, table, {
    deadline: currentDeadline,
    ...(indexLagMillis === undefined ? {} : { indexLagMillis }),
  });
  return scimHandler(
    groupEndpoints({
      groups,
      ...(maxMembersPerResponse === undefined ? {} : { maxMembersPerResponse }),
      ...(maxMemberBytesPerResponse === undefined ? {} : { maxMemberBytesPerResponse }),
      ...(resourceTypes === undefined ? {} : { resourceTypes }),
    }),
    {
      maxBodyBytes: GROUP_MAX_BODY_BYTES,
      ...(deadlineMarginMillis === undefined ? {} : { deadlineMarginMillis }),
      ...(requestLog === undefined ? {} : { requestLog }),
    },
  );
}
