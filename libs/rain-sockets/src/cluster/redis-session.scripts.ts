import type { CommandParser } from 'redis';

// The Lua of the cluster's session store, run by Redis so that each write is one atomic
// step, whoever writes (any node, HTTP or socket). node-redis defineScript()s them (EVALSHA,
// EVAL once after a Redis restart); ClusterRedis gives them to the sessions connection.
//
// A session is a hash: one field per top-level key, `cookie` for its cookie, each value
// `<version>:<JSON>` (`<version>:` alone once the key was deleted, so that a copy written back
// after a restart cannot bring it back). A version is Redis's clock in µs when written (or one
// more than the session's last, if the clock stepped back): per key, the last write wins, and a
// restarted Redis never gives a new write a version older than one a node still holds. The
// `cookie` field's version is the session's (its last write).
//
// Every script that writes ends with a read of the key: the writer's connection tracks it
// with NOLOOP, and Redis forgets a key's trackers when it changes; the read tracks it again.

const HELPERS = `
local function version_of(value)
  if not value then return -1 end
  return tonumber(string.match(value, '^(%d+):')) or 0
end
local function new_version(key)
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
  -- Not a hash: a session connect-redis stored (one string), being converted.
  local last = redis.call('TYPE', key).ok == 'hash' and version_of(redis.call('HGET', key, 'cookie')) or -1
  return string.format('%.0f', math.max(now, last + 1))
end
local function hset_all(key, pairs)
  for i = 1, #pairs, 1000 do
    redis.call('HSET', key, unpack(pairs, i, math.min(i + 999, #pairs)))
  end
end
`;

/**
 * KEYS: the session's hash. ARGV: ttl (ms), the cookie's JSON, then for each changed key its
 * name, its JSON ('' once deleted) and the version the writer had seen (0: none).
 * Returns { 0 } when there is no such session (never created here), else
 * { 1, the new version, how many keys someone else had written since the writer saw them }.
 */
const MERGE = `${HELPERS}
if redis.call('EXISTS', KEYS[1]) == 0 then return { 0 } end
local version = new_version(KEYS[1])
local tag = version .. ':'
local count = (#ARGV - 2) / 3
local conflicts = 0
local writes = { 'cookie', tag .. ARGV[2] }
for first = 1, count, 1000 do
  local last = math.min(first + 999, count)
  local names = {}
  for i = first, last do names[#names + 1] = ARGV[3 * i] end
  local stored = redis.call('HMGET', KEYS[1], unpack(names))
  for i = first, last do
    local was = stored[i - first + 1]
    if (was and version_of(was) or 0) ~= tonumber(ARGV[3 * i + 2]) then conflicts = conflicts + 1 end
    writes[#writes + 1] = ARGV[3 * i]
    writes[#writes + 1] = tag .. ARGV[3 * i + 1]
  end
end
hset_all(KEYS[1], writes)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('EXISTS', KEYS[1])
return { 1, version, conflicts }`;

/**
 * A whole write (a new session, or express-session's plain set). KEYS: the hash, the destroyed
 * mark. ARGV: ttl (ms), the cookie's JSON, then name and JSON of each key.
 * Returns 0 for a session destroyed before (not written), else the version it was written at.
 */
const REPLACE = `${HELPERS}
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local version = new_version(KEYS[1])
local tag = version .. ':'
local writes = { 'cookie', tag .. ARGV[2] }
for i = 3, #ARGV, 2 do
  writes[#writes + 1] = ARGV[i]
  writes[#writes + 1] = tag .. ARGV[i + 1]
end
redis.call('DEL', KEYS[1])
hset_all(KEYS[1], writes)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('EXISTS', KEYS[1])
return version`;

/** KEYS: the hash. ARGV: ttl (ms), the cookie's JSON. Returns 0 when there is no such session. */
const REFRESH_EXPIRY = `
local cookie = redis.call('HGET', KEYS[1], 'cookie')
if not cookie then return 0 end
redis.call('HSET', KEYS[1], 'cookie', (string.match(cookie, '^%d+:') or '0:') .. ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('EXISTS', KEYS[1])
return 1`;

/**
 * KEYS: the hash, the destroyed mark. ARGV: how long the mark lives at least (ms); it lives
 * as long as the session would have, if longer: while any copy of it may still be written back.
 */
const DESTROY = `
local ttl = redis.call('PTTL', KEYS[1])
local keep = tonumber(ARGV[1])
if ttl > keep then keep = ttl end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', keep)
return 1`;

/**
 * KEYS: the hash, the destroyed mark. ARGV: ttl (ms), the copy's cookie as '<version>:<JSON>',
 * then name and '<version>:<JSON>' of each key the copy knows (deleted ones too).
 * Each is written when newer than the stored one, so write-backs of several copies, in any
 * order, give the same session. Returns -1 for a destroyed session, else how many it wrote.
 */
const RESTORE = `${HELPERS}
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local writes = {}
if version_of(ARGV[2]) > version_of(redis.call('HGET', KEYS[1], 'cookie')) then
  writes[#writes + 1] = 'cookie'
  writes[#writes + 1] = ARGV[2]
end
local count = (#ARGV - 2) / 2
for first = 1, count, 1000 do
  local last = math.min(first + 999, count)
  local names = {}
  for i = first, last do names[#names + 1] = ARGV[2 * i + 1] end
  local stored = redis.call('HMGET', KEYS[1], unpack(names))
  for i = first, last do
    if version_of(ARGV[2 * i + 2]) > version_of(stored[i - first + 1]) then
      writes[#writes + 1] = ARGV[2 * i + 1]
      writes[#writes + 1] = ARGV[2 * i + 2]
    end
  end
end
if #writes > 0 then hset_all(KEYS[1], writes) end
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
redis.call('EXISTS', KEYS[1])
return #writes / 2`;

const script = (SCRIPT: string, NUMBER_OF_KEYS: number) => ({
  SCRIPT,
  NUMBER_OF_KEYS,
  parseCommand(parser: CommandParser, keys: string[], args: string[]) {
    for (const key of keys) parser.pushKey(key);
    parser.push(...args);
  },
  transformReply: (reply: unknown) => reply,
});

/** The scripts, as node-redis's `scripts` option takes them once passed through `defineScript`. */
export const SESSION_SCRIPTS = {
  rainSessionMerge: script(MERGE, 1),
  rainSessionReplace: script(REPLACE, 2),
  rainSessionRefreshExpiry: script(REFRESH_EXPIRY, 1),
  rainSessionDestroy: script(DESTROY, 2),
  rainSessionRestore: script(RESTORE, 2),
};

type Run = (keys: string[], args: string[]) => Promise<unknown>;

/** The sessions connection as the store uses it: node-redis's client with the scripts above. */
export interface SessionScriptsClient {
  rainSessionMerge: Run;
  rainSessionReplace: Run;
  rainSessionRefreshExpiry: Run;
  rainSessionDestroy: Run;
  rainSessionRestore: Run;
  hGetAll(key: string): Promise<Record<string, string>>;
  get(key: string): Promise<string | null>;
  sendCommand(args: string[]): Promise<unknown>;
  on(event: string, listener: (...args: any[]) => void): unknown;
  readonly isReady: boolean;
}
