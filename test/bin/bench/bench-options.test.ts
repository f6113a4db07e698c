import { describe, expect, it } from 'vitest';
import { parseBenchOptions, SECTIONS } from '../../../bin/bench/bench-options';

describe('parseBenchOptions', () => {
  it.each([
    {
      args: [],
      sizes: {
        smallTenant: 100,
        largeTenant: 50_000,
        members: 100_000,
        userGroups: 1_000,
        handlerUsers: 10_000,
        runs: 15,
      },
    },
    {
      args: ['--quick'],
      sizes: {
        smallTenant: 100,
        largeTenant: 2_000,
        members: 2_000,
        userGroups: 50,
        handlerUsers: 500,
        runs: 5,
      },
    },
    {
      args: ['--quick', '--users', '300', '--runs', '2'],
      sizes: {
        smallTenant: 100,
        largeTenant: 300,
        members: 2_000,
        userGroups: 50,
        handlerUsers: 500,
        runs: 2,
      },
    },
  ])('sizes for $args', ({ args, sizes }) => {
    expect(parseBenchOptions(args).sizes).toEqual(sizes);
  });

  it.each([
    { args: [], sections: [...SECTIONS] },
    { args: ['--section', 'capacity, cost'], sections: ['capacity', 'cost'] },
  ])('sections for $args', ({ args, sections }) => {
    expect([...parseBenchOptions(args).sections]).toEqual(sections);
  });

  it('refuses an unknown section', () => {
    expect(() => parseBenchOptions(['--section', 'capacity,latency'])).toThrow('Unknown section latency');
  });

  it.each([
    { args: [], command: 'npm run bench', output: '.' },
    {
      args: ['--quick', '--output', '/tmp/b'],
      command: 'npm run bench -- --quick --output /tmp/b',
      output: '/tmp/b',
    },
  ])('states the command $command', ({ args, command, output }) => {
    expect(parseBenchOptions(args)).toMatchObject({ command, output, help: false });
  });
});
