import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GroupStorePort, MembershipReader, ResourceStorePort } from '../scim/resource-store-port';
import { type Deadline, guardDeadline } from './deadline-guard';
import { GroupStore } from './group-store';
import { MembershipStore, type MembershipStoreOptions } from './membership-store';
import { ResourceStore } from './resource-store';

/** The database client the stores are built on, for the entry points that create it. */
export type DataClient = DynamoDBDocumentClient;

/** The SCIM stores of the data table `table`: the port's DynamoDB adapters. */
export interface ScimStores {
  readonly users: ResourceStorePort;
  readonly groups: GroupStorePort;
  readonly memberships: MembershipReader;
}

/** What the entry points may tune of the stores. */
export type DataStoreOptions = MembershipStoreOptions;

export interface ScimStoresOptions extends DataStoreOptions {
  /** The deadline of the request being served: past it, the client's requests are refused before sending. */
  readonly deadline: () => Deadline | undefined;
}

/** Wires the adapters of the store port on `db` and `table`. */
export function dynamoStores(db: DataClient, table: string, options: ScimStoresOptions): ScimStores {
  // Past the request's deadline its DynamoDB requests are refused: its work stops with its answer.
  guardDeadline(db, options.deadline);
  const { indexLagMillis } = options;
  const lag = indexLagMillis === undefined ? {} : { indexLagMillis };
  return {
    users: new ResourceStore(db, table, 'User', undefined, lag),
    groups: new GroupStore(db, table, undefined, lag),
    memberships: new MembershipStore(db, table, undefined, lag),
  };
}
