import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

/**
 * A record of GetRecords as Lambda's event source mapping hands it to the function
 * (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html): the same fields, the stream's ARN as
 * `eventSourceARN`, and `ApproximateCreationDateTime` as a number of seconds since the epoch (the SDK reads
 * it as a Date). AWS rounds that time down to the second
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_StreamRecord.html); DynamoDB
 * Local rounds it down to the minute, so local events' `committedAt` is to the minute. The attribute values
 * are DynamoDB JSON in both; only binary values differ (bytes here, base64 in Lambda's event), and the data
 * table has none.
 */
export function lambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const { ApproximateCreationDateTime: created, ...stream } = record.dynamodb ?? {};
  return {
    ...(record.eventID === undefined ? {} : { eventID: record.eventID }),
    ...(record.eventName === undefined ? {} : { eventName: record.eventName }),
    ...(record.eventVersion === undefined ? {} : { eventVersion: record.eventVersion }),
    ...(record.eventSource === undefined ? {} : { eventSource: record.eventSource }),
    ...(record.awsRegion === undefined ? {} : { awsRegion: record.awsRegion }),
    eventSourceARN: streamArn,
    ...(record.userIdentity === undefined ? {} : { userIdentity: record.userIdentity }),
    dynamodb: {
      ...(stream as DynamoDBRecord['dynamodb']),
      ...(created === undefined ? {} : { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) }),
    },
  };
}
