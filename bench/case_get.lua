-- GET /api/v1/cases/{id} for random ids of the dummy data (nginx ignores the path).
package.path = "bench/?.lua;" .. package.path
local common = require("common")
local ids
local token = os.getenv("YORISOI_TOKEN")

function init(args)
  ids = common.lines(os.getenv("YORISOI_IDS"))
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/api/v1/cases/" .. id, { ["Authorization"] = "Bearer " .. token })
end

done = common.done
