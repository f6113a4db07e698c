/** Synthesizes a ScimStack once per option combination and shares it between the tests of a file. */
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ScimStack, type ScimStackProps } from '../../lib/scim-stack';

export type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
};

/** The stack's options, as a vendor would set them. */
export interface StackOptions {
  readonly alarmEmail?: string;
  readonly wafRateLimit?: number;
  readonly customDomain?: boolean;
  readonly dataStream?: boolean;
}

export interface Synthesized {
  readonly stack: ScimStack;
  readonly template: Template;
  /** The cloud assembly directory, with the function bundles when `bundle` was asked for. */
  readonly directory: string;
  resources(type: string): [string, Resource][];
}

const cache = new Map<string, Synthesized>();

// CDK's built-in CloudFormation template validation costs about 8 s to load and 3 s per synth; `npm test`'s
// `cdk synth` runs it on the real app. The checks these tests make are their own.
process.env.CDK_VALIDATION = 'false';

/** An empty stack in an app that bundles nothing, for a test that builds constructs of its own into it. */
export function unbundledStack(id: string): Stack {
  return new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), id);
}

/**
 * The ScimStack with these options, cdk-nag's checks applied. Without `bundle` the functions are not
 * bundled (CDK's `aws:cdk:bundling-stacks` context, what `cdk synth --exclusively` uses): the template is
 * the same, and the suite does not run esbuild once per combination.
 */
export function synthesize(options: StackOptions, { bundle = false } = {}): Synthesized {
  const key = JSON.stringify({ options, bundle });
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const app = new App(bundle ? {} : { context: { 'aws:cdk:bundling-stacks': [] } });
  const env = { account: '111111111111', region: 'eu-west-1' };
  const imports = new Stack(app, 'Imports', { env });
  const props: ScimStackProps = {
    env,
    ...(options.alarmEmail === undefined ? {} : { alarmEmail: options.alarmEmail }),
    scim: {
      ...(options.wafRateLimit === undefined
        ? {}
        : { webAcl: { requestsPerTokenPer5Minutes: options.wafRateLimit } }),
      ...(options.dataStream === true ? { dataStream: true } : {}),
      ...(options.customDomain === true
        ? {
            customDomain: {
              domainName: 'scim.example.com',
              certificate: acm.Certificate.fromCertificateArn(
                imports,
                'Certificate',
                'arn:aws:acm:eu-west-1:111111111111:certificate/abc',
              ),
              hostedZone: route53.HostedZone.fromHostedZoneAttributes(imports, 'Zone', {
                hostedZoneId: 'Z123456',
                zoneName: 'example.com',
              }),
            },
          }
        : {}),
    },
  };
  const stack = new ScimStack(app, 'ScimEndpoint', props);
  Aspects.of(app).add(new AwsSolutionsChecks());
  const assembly = app.synth();
  const template = Template.fromStack(stack);
  const synthesized: Synthesized = {
    stack,
    template,
    directory: assembly.directory,
    resources: (type) => Object.entries(template.findResources(type)) as [string, Resource][],
  };
  cache.set(key, synthesized);
  return synthesized;
}

/** A template value with its references written as `{{Ref:Id}}` and `{{Id.Attribute}}`. */
export function rendered(value: unknown): string {
  if (typeof value === 'string') return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) return `{{Ref:${String(object.Ref)}}}`;
  if ('Fn::GetAtt' in object) return `{{${(object['Fn::GetAtt'] as string[]).join('.')}}}`;
  const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
  return parts.map(rendered).join(separator);
}
