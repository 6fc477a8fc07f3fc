// Counts what a process writes to its sockets, per peer port and per command: preload it into every
// service with `node tools/bench/cpu-per-request.mjs --node-arg=--require=./tools/bench/socket-writes.cjs`.
// Each process writes `<dir>/<pid>.json` (SOCKET_WRITES_DIR, default /tmp/alltokens-socket-writes) every
// 2 s and at exit: for each peer port, the write calls, the bytes, and the bytes by the first 40
// characters of what was written (a Redis command and its key with the prefix folded, an SQL statement,
// an HTTP status line). A write syscall costs 20–40 µs on the 2-core VMs here, and every byte sent to
// Redis or Postgres is parsed again there, so this shows what a request makes each hop carry.
const net = require('node:net');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.SOCKET_WRITES_DIR ?? '/tmp/alltokens-socket-writes';
const byPort = new Map();

const lengthOf = (chunk) => (typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length);
const kindOf = (chunk) =>
  String(typeof chunk === 'string' ? chunk.slice(0, 120) : chunk.subarray(0, 120).toString('latin1'))
    .replace(/\r\n/g, '|')
    .replace(/bench-\d+-[a-z0-9]+/g, 'PREFIX')
    .slice(0, 40);

const writeGeneric = net.Socket.prototype._writeGeneric;
net.Socket.prototype._writeGeneric = function countWrites(writev, data, encoding, callback) {
  const chunks = writev ? data.map((entry) => entry.chunk ?? entry) : [data];
  const port = String(this.remotePort ?? 'unknown');
  const entry = byPort.get(port) ?? { calls: 0, bytes: 0, byKind: {} };
  entry.calls += 1;
  for (const chunk of chunks) {
    const bytes = lengthOf(chunk);
    entry.bytes += bytes;
    const kind = kindOf(chunk);
    entry.byKind[kind] = (entry.byKind[kind] ?? 0) + bytes;
  }
  byPort.set(port, entry);
  return writeGeneric.call(this, writev, data, encoding, callback);
};

function dump() {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify({ argv: process.argv.slice(1), ports: Object.fromEntries(byPort) }, null, 1));
  } catch {
    // A measurement aid: never let it break the process it measures.
  }
}
process.on('exit', dump);
setInterval(dump, 2000).unref();
