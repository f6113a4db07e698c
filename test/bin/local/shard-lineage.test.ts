import { describe, expect, it } from 'vitest';
import { readableShards, type ShardInfo } from '../../../bin/local/shard-lineage';

const shard = (shardId: string, parentShardId?: string): ShardInfo => ({
  shardId,
  ...(parentShardId === undefined ? {} : { parentShardId }),
});

describe('which shards are read, parents before children', () => {
  it.each<[string, ShardInfo[], string[], string[]]>([
    ['one open shard', [shard('s1')], [], ['s1']],
    ['a child waits for its parent', [shard('s1'), shard('s2', 's1')], [], ['s1']],
    ['a child is read once its parent is finished', [shard('s1'), shard('s2', 's1')], ['s1'], ['s2']],
    ['a child whose parent was trimmed from the stream is read', [shard('s2', 's1')], [], ['s2']],
    [
      'a chain: only the oldest unfinished link',
      [shard('s1'), shard('s2', 's1'), shard('s3', 's2')],
      ['s1'],
      ['s2'],
    ],
    [
      'two lineages side by side, each at its own point',
      [shard('a1'), shard('a2', 'a1'), shard('b1'), shard('b2', 'b1')],
      ['b1'],
      ['a1', 'b2'],
    ],
    ['every shard finished: nothing', [shard('s1'), shard('s2', 's1')], ['s1', 's2'], []],
  ])('%s', (_, shards, finished, readable) => {
    expect(readableShards(shards, new Set(finished)).map((s) => s.shardId)).toEqual(readable);
  });
});
