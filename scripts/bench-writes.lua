-- wrk script for scripts/bench: staff creating and editing customers through the real forms.
-- Run with one connection per wrk thread (-tN -cN), so each thread's requests go one after another
-- and an edit posts the whole form it read (every field as a browser sends it, its `version` among
-- them) with the names changed. Environment:
--   BENCH_CSRF          the bench writer's CSRF token (scraped from a page by scripts/bench)
--   BENCH_ORIGIN        http://127.0.0.1:PORT, the Origin the form guard expects
--   BENCH_MAX_ID        edits pick a customer among 1..BENCH_MAX_ID
--   BENCH_CREATE_SHARE  share of creates among the writes (default 0.5; 1 for creates only)
-- Prints "WRITES created=N edited=N conflicts=N errors=N" at the end (a conflict is a 409: someone
-- else saved the same customer between its form and its post; an edit of a closed customer is skipped).
local csrf = os.getenv("BENCH_CSRF")
local origin = os.getenv("BENCH_ORIGIN")
local max_id = tonumber(os.getenv("BENCH_MAX_ID"))
local create_share = tonumber(os.getenv("BENCH_CREATE_SHARE") or "0.5")
local threads = {}

function setup(thread)
    thread:set("seed", math.random(1, 1000000000))
    table.insert(threads, thread)
end

function init()
    math.randomseed(seed)
    created, edited, conflicts, errors = 0, 0, 0, 0
    last, form, target = nil, nil, nil
end

local function submission_key()
    local digits = {}
    for i = 1, 32 do digits[i] = string.format("%x", math.random(0, 15)) end
    return table.concat(digits)
end

local function url_encoded(text)
    return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

-- The page's escaping undone: named entities and numeric ones below 128 (all the escaping writes).
local function unescaped(text)
    local named = {amp = "&", lt = "<", gt = ">", quot = '"', apos = "'"}
    return (text:gsub("&(#?%w+);", function(entity)
        local code = tonumber(entity:match("^#(%d+)$") or "")
        if named[entity] then return named[entity] end
        if code and code < 128 then return string.char(code) end
        return "&" .. entity .. ";"
    end))
end

-- The customer form's fields as a browser would send them: inputs (checkboxes only when ticked), the
-- chosen option of each select, textareas; the form guard's own fields and the names left out.
local function form_fields(body)
    local html = body:match('<form[^>]-class="customer%-form".-</form>')
    if not html then return nil end
    local fields, skip = {}, {csrf = true, submission = true, first_name = true, last_name = true, company_name = true}
    local function add(name, value)
        if name and not skip[name] then table.insert(fields, url_encoded(unescaped(name)) .. "=" .. url_encoded(unescaped(value))) end
    end
    for attributes in html:gmatch("<input(.-)>") do
        local kind = attributes:match('type="([^"]*)"') or "text"
        if kind ~= "submit" and kind ~= "button" and ((kind ~= "checkbox" and kind ~= "radio") or attributes:find("checked")) then
            add(attributes:match('name="([^"]*)"'), attributes:match('value="([^"]*)"') or "")
        end
    end
    for attributes, options in html:gmatch("<select(.-)>(.-)</select>") do
        local chosen = options:match('<option value="([^"]*)"[^>]-selected') or options:match('<option value="([^"]*)"') or ""
        add(attributes:match('name="([^"]*)"'), chosen)
    end
    for attributes, text in html:gmatch("<textarea(.-)>(.-)</textarea>") do add(attributes:match('name="([^"]*)"'), text) end
    return table.concat(fields, "&")
end

local function post(path, fields)
    local body = fields .. "&csrf=" .. csrf .. "&submission=" .. submission_key()
    -- A table of headers replaces wrk's own (the -H login among them), so they are copied in.
    local headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Origin"] = origin}
    for name, value in pairs(wrk.headers) do headers[name] = headers[name] or value end
    return wrk.format("POST", path, headers, body)
end

function request()
    local n = math.random(1, 1000000000)
    if form then
        last = "edit"
        local fields = form .. "&first_name=Bench&last_name=Edited" .. n .. "&company_name=Bench+Edited+" .. n
        form = nil
        return post("/customers/" .. target, fields)
    end
    if math.random() < create_share then
        last = "create"
        return post("/customers", "kind=individual&status=newbie&first_name=Bench&last_name=Writer" .. n)
    end
    last = "form"
    target = string.format("CUST%07d", math.random(1, max_id))
    return wrk.format("GET", "/customers/" .. target .. "/edit")
end

function response(status, headers, body)
    if last == "create" then
        if status == 303 then created = created + 1 else errors = errors + 1 end
    elseif last == "edit" then
        if status == 303 then edited = edited + 1
        elseif status == 409 then conflicts = conflicts + 1
        else errors = errors + 1 end
    elseif last == "form" then
        if status == 200 then form = form_fields(body)
        elseif status ~= 409 and status ~= 404 then errors = errors + 1 end
    end
end

function done(summary, latency, requests)
    local c, e, k, x = 0, 0, 0, 0
    for _, thread in ipairs(threads) do
        c = c + thread:get("created")
        e = e + thread:get("edited")
        k = k + thread:get("conflicts")
        x = x + thread:get("errors")
    end
    io.write(string.format("WRITES created=%d edited=%d conflicts=%d errors=%d\n", c, e, k, x))
end
