-- wrk script: uniformly random valid Deep Zoom tiles of one level.
-- wrk ... -s dz.lua <base url> -- <prefix ending in /> <level> <columns> <rows>
local counter = 1
function setup(thread) thread:set("id", counter); counter = counter + 1 end
function init(args)
  prefix = args[1]; level = args[2]; cols = tonumber(args[3]); rows = tonumber(args[4]); suffix = args[5] or ".jpeg"
  math.randomseed(id * 7919 + os.time())
end
function request()
  return wrk.format("GET", prefix .. level .. "/" .. math.random(0, cols - 1) .. "_" .. math.random(0, rows - 1) .. suffix)
end
