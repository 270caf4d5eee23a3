-- wrk script: one contact-center interaction per request, each with an id
-- of its own (a repeated id would be a replay, not a new interaction).
-- The account's API token comes from the TOKEN environment variable.
local counter = 0
local thread_tag = tostring(math.random(1, 1000000000))

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  thread_tag = tostring(math.random(1, 1000000000))
end

function request()
  counter = counter + 1
  local body = '{"integration": "bench-cc", "id": "b-' .. thread_tag .. '-' .. counter .. '", '
    .. '"type": "incoming_call_completed", "occurred_at": "2026-12-03T10:00:00+01:00", '
    .. '"email": "jan.kowalski@example.pl", "queue": {"id": "7", "name": "Infolinia"}, '
    .. '"talk_seconds": 312}'
  return wrk.format(nil, nil, nil, body)
end
