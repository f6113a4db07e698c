import * as iam from 'aws-cdk-lib/aws-iam';
import { TABLES } from '../functions/storage/table-design';
import type { ScimTable } from './scim-table';

/**
 * What the reader (functions/reader/scim-reader.ts, docs/reader.md) sends, and nothing else: it never
 * writes, so no write action (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/api-permissions-reference.html).
 */
export const READER_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'] as const;

/**
 * The variable the vendor's function reads the data table's name from (docs/reader.md). Not one of the
 * endpoint's own (functions/environment-names.ts): the reader is given its table name by the vendor's code.
 */
export const READER_TABLE_VARIABLE = 'SCIM_TABLE_NAME';

/** A Lambda function, or anything with an environment to set (`lambda.Function.addEnvironment`). */
interface WithEnvironment {
  addEnvironment(key: string, value: string): unknown;
}

/**
 * Grants `grantee` the reader's requests on the data table and its indexes (gsi1: a user's groups) and, when
 * it is a function, sets READER_TABLE_VARIABLE to the table's name.
 */
export function grantRead(grantee: iam.IGrantable, dataTable: ScimTable): iam.Grant {
  const grant = iam.Grant.addToPrincipal({
    grantee,
    actions: [...READER_ACTIONS],
    resourceArns: [
      dataTable.tableArn,
      ...TABLES.data.indexes.map((index) => `${dataTable.tableArn}/index/${index.name}`),
    ],
  });
  if (hasEnvironment(grantee)) grantee.addEnvironment(READER_TABLE_VARIABLE, dataTable.tableName);
  return grant;
}

function hasEnvironment(grantee: iam.IGrantable): grantee is iam.IGrantable & WithEnvironment {
  // Duck-typed rather than `instanceof lambda.Function`: a vendor's app may hold another copy of aws-cdk-lib.
  return typeof (grantee as Partial<WithEnvironment>).addEnvironment === 'function';
}
