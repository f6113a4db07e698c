/** A public list price: what it prices, where it is published, and when it was read there. */
export interface Price {
  readonly value: number;
  readonly unit: string;
  readonly what: string;
  readonly source: string;
  readonly checked: string;
}

const LAMBDA = 'https://aws.amazon.com/lambda/pricing/';
const DYNAMODB = 'https://aws.amazon.com/dynamodb/pricing/on-demand/';
const DYNAMODB_PROVISIONED = 'https://aws.amazon.com/dynamodb/pricing/provisioned/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const WAF = 'https://aws.amazon.com/waf/pricing/';

/** us-east-1, on demand, first tier. Prices change: `checked` is when each was read at its source. */
export const PRICE_TABLE = {
  apiGatewayRestPerMillion: {
    value: 3.5,
    unit: '$/million requests',
    what: 'API Gateway REST API requests (first 333 million a month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    checked: '2026-11-22',
  },
  apiGatewayHttpPerMillion: {
    value: 1.0,
    unit: '$/million requests',
    what: 'API Gateway HTTP API requests: not used by the stack, the HTTP API lever',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    checked: '2026-11-22',
  },
  lambdaRequestsPerMillion: {
    value: 0.2,
    unit: '$/million invocations',
    what: 'Lambda requests',
    source: LAMBDA,
    checked: '2026-11-22',
  },
  lambdaArmPerGbSecond: {
    value: 0.0000133334,
    unit: '$/GB-s',
    what: 'Lambda arm64 duration, INIT included for on-demand functions since 1 Aug 2025 (https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/)',
    source: LAMBDA,
    checked: '2026-12-03',
  },
  dynamoWriteUnitPerMillion: {
    value: 0.625,
    unit: '$/million WRU',
    what: 'DynamoDB on-demand write request units',
    source: DYNAMODB,
    checked: '2026-11-22',
  },
  dynamoReadUnitPerMillion: {
    value: 0.125,
    unit: '$/million RRU',
    what: 'DynamoDB on-demand read request units',
    source: DYNAMODB,
    checked: '2026-11-22',
  },
  dynamoWriteCapacityUnitHour: {
    value: 0.00065,
    unit: '$/WCU-hour',
    what: 'DynamoDB provisioned write capacity, standard table class: not used by the stack (on demand), the provisioned-capacity lever. The stored copy of the page read showed its terms but not its price table: the figure is the one transcriptions of the page give for us-east-1',
    source: DYNAMODB_PROVISIONED,
    checked: '2026-12-07',
  },
  dynamoReadCapacityUnitHour: {
    value: 0.00013,
    unit: '$/RCU-hour',
    what: 'DynamoDB provisioned read capacity, standard table class: the provisioned-capacity lever, read as the write capacity above',
    source: DYNAMODB_PROVISIONED,
    checked: '2026-12-07',
  },
  logsIngestionPerGb: {
    value: 0.5,
    unit: '$/GB',
    what: 'CloudWatch Logs ingestion (standard class)',
    source: CLOUDWATCH,
    checked: '2026-11-22',
  },
  dataTransferOutPerGb: {
    value: 0.09,
    unit: '$/GB',
    what: 'data transfer out to the internet, first 10 TB a month (API Gateway bills it at EC2 rates)',
    source: 'https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer',
    checked: '2026-12-03',
  },
  customMetricPerMonth: {
    value: 0.3,
    unit: '$/metric/month',
    what: 'CloudWatch custom metrics (first 10,000), which EMF lines create',
    source: CLOUDWATCH,
    checked: '2026-12-03',
  },
  contributorInsightsRulePerMonth: {
    value: 0.5,
    unit: '$/rule/month',
    what: 'CloudWatch Contributor Insights rules',
    source: CLOUDWATCH,
    checked: '2026-12-03',
  },
  contributorInsightsPerMillionEvents: {
    value: 0.02,
    unit: '$/million log events matched',
    what: 'CloudWatch Contributor Insights, per log event a rule matches',
    source: CLOUDWATCH,
    checked: '2026-12-03',
  },
  dashboardPerMonth: {
    value: 3,
    unit: '$/dashboard/month',
    what: 'CloudWatch dashboard',
    source: CLOUDWATCH,
    checked: '2026-12-03',
  },
  wafWebAclPerMonth: {
    value: 5,
    unit: '$/web ACL/month',
    what: 'AWS WAF web ACL',
    source: WAF,
    checked: '2026-12-03',
  },
  wafRulePerMonth: {
    value: 1,
    unit: '$/rule/month',
    what: 'AWS WAF rule',
    source: WAF,
    checked: '2026-12-03',
  },
  wafPerMillion: {
    value: 0.6,
    unit: '$/million requests',
    what: 'AWS WAF requests inspected',
    source: WAF,
    checked: '2026-12-03',
  },
  directorySyncPerConnectionMonth: {
    value: 125,
    unit: '$/connection/month',
    what: 'WorkOS Directory Sync, 1 to 15 connections (16-30: $100; 31-50: $80; 51-100: $65), as transcribed from the page on 2026-09-20 (github.com/api-evangelist/workos, plans/workos-plans-pricing.yml)',
    source: 'https://workos.com/pricing',
    checked: '2026-09-20',
  },
} as const satisfies Record<string, Price>;

export type Prices = { readonly [K in keyof typeof PRICE_TABLE]: number };

/** The latest date a price of the table was read on (ISO dates sort as text). */
const lastRead = Object.values(PRICE_TABLE)
  .map((price) => price.checked)
  .sort()
  .at(-1) as string;

/** The prices as numbers, by name, with the region and the date the project last read one of them. */
export const PRICES: Prices & { readonly region: string; readonly date: string } = {
  region: 'us-east-1',
  date: lastRead,
  ...(Object.fromEntries(Object.entries(PRICE_TABLE).map(([name, price]) => [name, price.value])) as Prices),
};
