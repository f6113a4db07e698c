import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { TableDefinition } from '../functions/storage/table-design';

export interface ScimTableProps {
  /** Key schema and indexes, from functions/storage/table-design.ts: the same the local endpoint creates. */
  readonly definition: TableDefinition;
  /** Stream item changes (new and old images), for the vendor's application to consume. */
  readonly stream?: boolean;
}

/** A table of the design: on demand, point-in-time recovery, deletion protection, kept on stack deletion. */
export class ScimTable extends dynamodb.TableV2 {
  constructor(scope: Construct, id: string, { definition, stream = false }: ScimTableProps) {
    const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    super(scope, id, {
      partitionKey: key(definition.partitionKey),
      sortKey: key(definition.sortKey),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(stream ? { dynamoStream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES } : {}),
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
