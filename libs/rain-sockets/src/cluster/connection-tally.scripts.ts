// Lua run by Redis, so that a cap is checked and counted in one atomic step across nodes.
// KEYS[1]: hash node id -> sockets that node holds under one key (a user, an address);
// KEYS[2]: the node records' sorted set (node id -> expiry, ms, Redis clock).

/**
 * ARGV: node id, limit, ms the hash lives unrenewed. Counts one more socket for the node
 * unless the live nodes hold `limit` already; forgets what dead nodes held. Returns 1 or 0.
 */
export const TRY_ADD = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local fields = redis.call('HGETALL', KEYS[1])
local total = 0
for i = 1, #fields, 2 do
  local expires = redis.call('ZSCORE', KEYS[2], fields[i])
  if expires and tonumber(expires) > now then
    total = total + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[1], fields[i])
  end
end
if total >= tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** ARGV: node id. One socket fewer for the node. */
export const REMOVE = `if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1`;

/** ARGV: node id, count, ms the hash lives unrenewed. What the node holds, as it knows it. */
export const ASSERT = `if tonumber(ARGV[2]) > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
else
  redis.call('HDEL', KEYS[1], ARGV[1])
end
return 1`;
