-- wrk script for scripts/bench-http.sh: POST /v1/claims with a photo body and a fresh
-- Idempotency-Key per request, so every request stores a new claim. A counter after the JPEG's
-- end makes every body distinct, so every upload writes a new blob.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
    thread:set("thread_id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    local file = assert(io.open(args[1], "rb"))
    body = file:read("*a")
    file:close()
    key = args[2]
    account = args[3] or "loadtest"
end

function request()
    counter = counter + 1
    local headers = {
        ["Authorization"] = "Bearer " .. key,
        ["Content-Type"] = "image/jpeg",
        ["Idempotency-Key"] = "load-" .. thread_id .. "-" .. counter,
    }
    local tag = "#" .. thread_id .. "-" .. counter
    return wrk.format("POST", "/v1/claims?account=" .. account, headers, body .. tag)
end

function done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format("requests %d, errors %d (non-2xx/3xx %d)\n", summary.requests,
        errors.connect + errors.read + errors.write + errors.status + errors.timeout, errors.status))
    for _, p in pairs({50, 90, 99}) do
        io.write(string.format("p%d %.1f ms\n", p, latency:percentile(p) / 1000))
    end
end
