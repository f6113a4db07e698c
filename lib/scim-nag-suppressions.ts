import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import { NagSuppressions } from 'cdk-nag';
import type { ScimFunction } from './scim-function';

/** The cdk-nag findings this design accepts, each with its reason. */
export function suppressScimNagFindings(
  api: apigw.RestApi,
  functions: readonly ScimFunction[],
  { webAcl }: { readonly webAcl: boolean },
): void {
  NagSuppressions.addResourceSuppressions(
    api,
    [
      {
        id: 'AwsSolutions-APIG2',
        reason:
          'Request bodies are SCIM resources and PatchOps, validated by the functions against the SCIM schemas (RFC 7643); API Gateway models cannot express them.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'Identity providers authenticate with a per-tenant bearer token, checked by the Lambda REQUEST authorizer.',
      },
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'The account-level API Gateway CloudWatch role uses the AWS managed AmazonAPIGatewayPushToCloudWatchLogs policy, as API Gateway requires.',
        appliesTo: [
          'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
        ],
      },
      ...(webAcl
        ? []
        : [
            {
              id: 'AwsSolutions-APIG3',
              reason:
                'A WAF web ACL is optional (the webAcl prop); per-tenant throttling comes from usage plans keyed by the authorizer.',
            },
          ]),
    ],
    true,
  );
  for (const f of functions) {
    NagSuppressions.addResourceSuppressions(
      f.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "Index ARNs of the function's own tables (table/*/index/*) and the keys of this API's usage plans (usageplans/<id>/keys/*) are only addressable by wildcard.",
          appliesTo: [
            { regex: '/^Resource::<.*Table.*\\.Arn>\\/index\\/\\*$/g' },
            { regex: '/^Resource::arn:.+:apigateway:.*::\\/usageplans\\/<.*>\\/keys\\/\\*$/g' },
          ],
        },
      ],
      true,
    );
  }
}
