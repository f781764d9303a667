// Lua run by Redis, so that reading the cluster's count and dropping dead nodes is one
// atomic step on Redis's clock (nodes' clocks may disagree).
// KEYS[1]: sorted set node id -> expiry (ms); KEYS[2]: hash node id -> admitted connections.

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** ARGV: node id, its connection count, ms until it counts as gone. */
export const RENEW_NODE = `${NOW}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1`;

/** Returns { total connections of live nodes, live node ids... }; forgets the dead ones. */
export const COUNT_NODES = `${NOW}
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
for _, id in ipairs(dead) do
  redis.call('ZREM', KEYS[1], id)
end
local alive = redis.call('ZRANGE', KEYS[1], 0, -1)
local live = {}
for _, id in ipairs(alive) do live[id] = true end
local total = 0
local fields = redis.call('HGETALL', KEYS[2])
for i = 1, #fields, 2 do
  if live[fields[i]] then
    total = total + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[2], fields[i])
  end
end
local result = { total }
for _, id in ipairs(alive) do table.insert(result, id) end
return result`;

/** ARGV: node id. A node leaving on purpose. */
export const FORGET_NODE = `redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1`;
