import { readFileSync } from 'node:fs';

/** A TCP socket in the LISTEN state, as the kernel reports it. */
export interface ListeningSocket {
  readonly address: string;
  readonly port: number;
  readonly inode: string;
}

const LISTEN = '0A';

/** `0100007F` (a 32-bit word in the kernel's byte order, little-endian here) as its four bytes in order. */
function wordBytes(hex: string): number[] {
  const bytes = (hex.match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16));
  return bytes.reverse();
}

function addressOf(hex: string): string {
  if (hex.length === 8) return wordBytes(hex).join('.');
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap(wordBytes);
  const groups = Array.from({ length: 8 }, (_, i) =>
    (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16),
  );
  return groups.join(':');
}

/**
 * Every listening TCP socket on this machine, read from /proc/net/tcp and /proc/net/tcp6 (Linux): what
 * the kernel says a process listens on, learnt without sending a single packet.
 */
export function listeningSockets(): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (local === undefined || state !== LISTEN || inode === undefined) continue;
      const [address = '', port = ''] = local.split(':');
      sockets.push({ address: addressOf(address), port: Number.parseInt(port, 16), inode });
    }
  }
  return sockets;
}

/** 127.0.0.0/8, ::1, or 127.x as an IPv4-mapped IPv6 address (what Java's dual-stack sockets report). */
export function isLoopback(address: string): boolean {
  if (/^127\./.test(address)) return true;
  if (address === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^0:0:0:0:0:ffff:([0-9a-f]+):([0-9a-f]+)$/.exec(address);
  return mapped !== null && Number.parseInt(mapped[1] ?? '', 16) >> 8 === 127;
}
