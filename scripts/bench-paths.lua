-- wrk script for scripts/bench: each request asks for one of the paths listed in $BENCH_PATHS
-- (one per line), chosen at random, so the responder's memo of recent pages rarely answers.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
    if line ~= "" then paths[#paths + 1] = line end
end

function setup(thread)
    thread:set("seed", math.random(1, 1000000))
end

function init()
    math.randomseed(seed)
end

function request()
    return wrk.format(nil, paths[math.random(#paths)])
end
