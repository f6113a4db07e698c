import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { TableDefinition } from '../functions/storage/table-design';

export interface ScimTableProps {
  /** Key schema and indexes, from functions/storage/table-design.ts: the same the local endpoint creates. */
  readonly definition: TableDefinition;
  /** Stream item changes (new and old images), for the vendor's application to consume. */
  readonly stream?: boolean;
  /** DynamoDB deletion protection. Default false: see {@link ScimTable}. */
  readonly deletionProtection?: boolean;
}

/**
 * A table of the design: on demand, point-in-time recovery, kept when the stack is deleted or the table
 * replaced, and deleted only when the stack operation that created it rolls back
 * (`RetainExceptOnCreate`): a failed first deploy leaves no table behind to block the retry.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
 *
 * Deletion protection is off by default, because it defeats exactly that: CloudFormation's rollback of a
 * failed create calls DeleteTable, which DynamoDB refuses on a protected table, so the rollback fails and
 * the table stays. The retain policy already keeps the data through stack deletion; deletion protection
 * adds a guard against a person deleting the table by hand, and is safe to turn on once the stack exists.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
 */
export class ScimTable extends dynamodb.TableV2 {
  constructor(
    scope: Construct,
    id: string,
    { definition, stream = false, deletionProtection = false }: ScimTableProps,
  ) {
    const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    super(scope, id, {
      partitionKey: key(definition.partitionKey),
      sortKey: key(definition.sortKey),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      ...(stream ? { dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES } : {}),
      // Items with this attribute expire (retained deletes' tombstones): DynamoDB's TTL deletes them.
      ...(definition.timeToLiveAttribute === undefined
        ? {}
        : { timeToLiveAttribute: definition.timeToLiveAttribute }),
      globalSecondaryIndexes: definition.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType:
          index.projection === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY,
      })),
    });
  }
}
