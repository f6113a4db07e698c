import { describe, expect, it } from 'vitest';
import {
  DEPLOYED_EVENTS_MESSAGE,
  parseEventsCommandLine,
  parseSince,
} from '../../bin/admin/events-command-line';
import { eventLine } from '../../bin/admin/events-format';
import { usage } from '../../bin/admin/usage';
import type { StoredEvent } from '../../bin/local/local-event-store';

const now = new Date('2026-12-02T12:00:00.000Z');

describe('events list, its command line', () => {
  it.each<[string, string[], object]>([
    [
      'a tenant, locally',
      ['events', 'list', 'acme', '--local'],
      {
        kind: 'events',
        tenantId: 'acme',
        dataDir: '.scim-local',
        since: undefined,
        follow: false,
        json: false,
      },
    ],
    [
      'every option',
      [
        'events',
        'list',
        'acme',
        '--local',
        '--data-dir',
        '/tmp/x',
        '--since',
        '1h',
        '--type',
        'scim.user.deactivated',
        '--follow',
        '--json',
      ],
      {
        kind: 'events',
        tenantId: 'acme',
        dataDir: '/tmp/x',
        since: new Date('2026-12-02T11:00:00.000Z'),
        type: 'scim.user.deactivated',
        follow: true,
        json: true,
      },
    ],
    [
      'a deployed stack: refused, pointing at the bus',
      ['events', 'list', 'acme'],
      { kind: 'refused', message: DEPLOYED_EVENTS_MESSAGE },
    ],
    [
      '…also with --stack',
      ['events', 'list', 'acme', '--stack', 'Scim'],
      { kind: 'refused', message: DEPLOYED_EVENTS_MESSAGE },
    ],
    [
      'no tenant',
      ['events', 'list', '--local'],
      { kind: 'refused', message: expect.stringMatching(/Missing tenant/) },
    ],
    [
      'another verb',
      ['events', 'show', 'acme', '--local'],
      { kind: 'refused', message: "Unknown command 'events show'" },
    ],
    [
      'an unknown option',
      ['events', 'list', 'acme', '--local', '--tail'],
      { kind: 'refused', message: expect.stringMatching(/--tail/) },
    ],
    [
      'a --since that is no time',
      ['events', 'list', 'acme', '--local', '--since', 'yesterday'],
      { kind: 'refused', message: expect.stringMatching(/^--since: 'yesterday' is neither/) },
    ],
    ['--help', ['events', '--help'], { kind: 'help' }],
  ])('%s', (_, argv, expected) => {
    expect(parseEventsCommandLine(argv, now)).toMatchObject(expected);
  });

  it('refuses a deployed stack with the bus, its archive and docs/events.md', () => {
    expect(DEPLOYED_EVENTS_MESSAGE).toMatch(/scim\.eventBus/);
    expect(DEPLOYED_EVENTS_MESSAGE).toMatch(/archive/);
    expect(DEPLOYED_EVENTS_MESSAGE).toMatch(/docs\/events\.md/);
  });
});

describe('--since', () => {
  it.each<[string, string | undefined]>([
    ['30s', '2026-12-02T11:59:30.000Z'],
    ['30m', '2026-12-02T11:30:00.000Z'],
    ['1h', '2026-12-02T11:00:00.000Z'],
    ['7d', '2026-11-25T12:00:00.000Z'],
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
    ['2026-12-01T09:00Z', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01T09:00:00+02:00', '2026-12-01T07:00:00.000Z'],
    ['2026-12-01T09:00:00.250Z', '2026-12-01T09:00:00.250Z'],
    ['2026-02-30', undefined],
    ['2026-12-01T09:00', undefined],
    ['1w', undefined],
    ['-1h', undefined],
    ['', undefined],
  ])('%s is %s', (value, expected) => {
    expect(parseSince(value, now)?.toISOString()).toBe(expected);
  });
});

const stored = (detailType: string, detail: object): StoredEvent => ({
  id: `e1:${detailType}`,
  tenantId: 'acme',
  detailType,
  time: '2026-12-02T09:15:00.000Z',
  source: 'scim-endpoint',
  detail: JSON.stringify(detail),
  position: '',
});

describe('an event, as a person reads it', () => {
  it.each<[string, StoredEvent, string]>([
    [
      'a user event: its userName',
      stored('scim.user.created', { resourceId: 'u1', userName: 'ada@example.com', displayName: 'Ada' }),
      '2026-12-02T09:15:00.000Z  scim.user.created           u1  ada@example.com',
    ],
    [
      'a group event: its displayName',
      stored('scim.group.deleted', { resourceId: 'g1', displayName: 'Sales' }),
      '2026-12-02T09:15:00.000Z  scim.group.deleted          g1  Sales',
    ],
    [
      'a member event: the member',
      stored('scim.group.member_added', { resourceId: 'g1', memberId: 'u1', display: 'Ada' }),
      '2026-12-02T09:15:00.000Z  scim.group.member_added     g1  member u1 (Ada)',
    ],
    [
      'a tenant event: what changed',
      stored('scim.tenant.policy_changed', { tenantId: 'acme', changedAttributes: ['deletion', 'paused'] }),
      '2026-12-02T09:15:00.000Z  scim.tenant.policy_changed  tenant acme  deletion, paused',
    ],
  ])('%s', (_, event, line) => {
    expect(eventLine(event)).toBe(line);
  });
});

describe('the help', () => {
  it('lists events list with its options and says where a deployed stack keeps its events', () => {
    const help = usage();
    expect(help).toContain(
      '  events list <tenant> --local [--since <time>] [--type <detail-type>] [--follow]',
    );
    expect(help).toMatch(/--since takes an ISO time .* or a duration back from now \(30s, 30m, 1h, 7d\)/);
    expect(help).toMatch(/they are on its bus, scim\.eventBus, and in its archive \(docs\/events\.md\)/);
  });
});
