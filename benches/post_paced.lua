-- wrk script: the submissions of post.lua, each connection pausing DELAY_MS
-- between its requests, so that the connections together offer a fixed rate
-- (closed loop with think time: a stalled server is offered less meanwhile).
local delay_ms = tonumber(os.getenv("DELAY_MS") or "10")
dofile("benches/post.lua")
function delay()
  return delay_ms
end
