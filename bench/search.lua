-- GET /api/v1/cases?q=... with names, 2-character words and phrases from the dummy data.
package.path = "bench/?.lua;" .. package.path
local common = require("common")
local queries
local token = os.getenv("YORISOI_TOKEN")

function init(args)
  queries = common.lines(os.getenv("YORISOI_QUERIES"))
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local q = queries[math.random(#queries)]
  return wrk.format("GET", "/api/v1/cases?limit=50&q=" .. common.urlencode(q),
    { ["Authorization"] = "Bearer " .. token })
end

done = common.done
