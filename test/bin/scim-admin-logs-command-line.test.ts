import { describe, expect, it } from 'vitest';
import { parseLogsCommandLine } from '../../bin/admin/logs-command-line';
import { logLine, matches } from '../../bin/admin/logs-format';
import type { RequestLogEntry } from '../../functions/scim/request-log-port';

const NOW = new Date('2026-12-03T10:00:00Z');
const parse = (line: string) => parseLogsCommandLine(['logs', ...line.split(' ').filter(Boolean)], NOW);

describe('scim-admin logs: the command line', () => {
  it.each([
    {
      line: 'contoso --local',
      expected: { tenantId: 'contoso', since: new Date('2026-12-03T09:00:00Z'), follow: false },
    },
    {
      line: 'contoso --local --since 30m --status 4XX',
      expected: { since: new Date('2026-12-03T09:30:00Z'), status: '4xx' },
    },
    {
      line: 'contoso --stack Scim --region eu-west-1',
      expected: { target: { local: false, stack: 'Scim', region: 'eu-west-1', dataDir: '.scim-local' } },
    },
    {
      line: 'contoso --local --status 409 --path /Users --follow --json',
      expected: { status: '409', path: '/Users', follow: true, json: true },
    },
  ])('reads `logs $line`', ({ line, expected }) => {
    expect(parse(line)).toMatchObject({ kind: 'logs', ...expected });
  });

  it.each([
    { line: '--local', message: /Missing tenant/ },
    { line: 'contoso --local --since yesterday', message: /--since/ },
    { line: 'contoso --local --status 4x', message: /--status/ },
    { line: 'contoso --local --path Users', message: /--path/ },
  ])('refuses `logs $line`, saying why', ({ line, message }) => {
    const parsed = parse(line);
    expect(parsed.kind).toBe('refused');
    expect(parsed.kind === 'refused' && parsed.message).toMatch(message);
  });
});

const line = (status: number, path: string): RequestLogEntry => ({
  time: '2026-12-03T09:59:00.000Z',
  method: 'PATCH',
  path,
  status,
  dialect: 'entra-legacy',
  latencyMs: 12,
  requestId: 'r-1',
  ...(status >= 400
    ? {
        scimType: 'invalidValue',
        detail: "The value of 'active' must be a boolean",
        hint: 'Check the mapping.',
      }
    : {}),
});

describe('scim-admin logs: what it prints', () => {
  it.each([
    { status: '4xx', path: undefined, entry: line(400, '/scim/v2/Users/1'), shown: true },
    { status: '5xx', path: undefined, entry: line(400, '/scim/v2/Users/1'), shown: false },
    { status: '409', path: undefined, entry: line(400, '/scim/v2/Users/1'), shown: false },
    { status: undefined, path: '/users', entry: line(204, '/scim/v2/Users/1'), shown: true },
    { status: undefined, path: '/Groups', entry: line(204, '/scim/v2/Users/1'), shown: false },
  ])(
    '--status $status --path $path: a $entry.status on $entry.path is shown: $shown',
    ({ status, path, entry, shown }) => {
      expect(matches(entry, status, path)).toBe(shown);
    },
  );

  it('prints a refused credential with its reason and the credential’s id', () => {
    const refused: RequestLogEntry = {
      ...line(401, '/scim/v2/Users'),
      method: 'GET',
      reason: 'revoked',
      credentialId: 'tok_1',
      hint: 'Mint a new one.',
    };
    const { scimType: _, detail: __, ...withoutError } = refused;
    expect(logLine(withoutError).split('\n')).toEqual([
      '2026-12-03T09:59:00.000Z  401 GET    /scim/v2/Users  revoked  entra-legacy  12 ms  tok_1',
      '    Mint a new one.',
    ]);
  });

  it('prints a failure with its detail and hint under it', () => {
    expect(logLine(line(400, '/scim/v2/Users/1')).split('\n')).toEqual([
      '2026-12-03T09:59:00.000Z  400 PATCH  /scim/v2/Users/1  invalidValue  entra-legacy  12 ms',
      "    The value of 'active' must be a boolean",
      '    Check the mapping.',
    ]);
  });

  it('prints the redacted body a line keeps (tenants set --log-bodies) under it, as kept', () => {
    const body = '{"Operations":[{"op":"replace","path":"password","value":"[redacted]"}]}';
    expect(logLine({ ...line(400, '/scim/v2/Users/1'), body }).split('\n')).toEqual([
      '2026-12-03T09:59:00.000Z  400 PATCH  /scim/v2/Users/1  invalidValue  entra-legacy  12 ms',
      "    The value of 'active' must be a boolean",
      '    Check the mapping.',
      `    body: ${body}`,
    ]);
  });
});
