-- Streamlit's frontend files from memory, lighter than the app sends them: JavaScript and
-- CSS in brotli (quality 11) for the browsers that take it, else gzipped at level 9 (this
-- HAProxy's own gzip, libslz, leaves them 60 % bigger), and the fonts cut to what the
-- dashboard shows. scripts/front_assets.py writes the folder
-- (GEO_FRONT_DIR) and a copy of this file into it; deploy/haproxy.cfg loads it.
--
-- The folder is read once, as HAProxy reads its configuration: as root, before any chroot,
-- so it must be root's (docs/operations.md, "Running for many users"). Only the addresses and file
-- names the writer makes are taken from its manifest. The fetch lua.geo_front says whether
-- the front answers a request; every other request goes to the app as before.

local dir = os.getenv("GEO_FRONT_DIR")
-- The app's page addresses, answered with Streamlit's page carrying a description.
local PAGES = { ["/"] = true, ["/routes"] = true, ["/coverage"] = true, ["/events"] = true,
  ["/data"] = true, ["/about"] = true }
local files, count, bytes = {}, 0, 0

local manifest = assert(io.open(dir .. "/manifest.tsv", "r"))
for line in manifest:lines() do
  local path, name, kind, encoding, etag =
    line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]*)\t([^\t]*)$")
  if not (path and (path:match("^/static/[%w._/-]+$") or PAGES[path])
      and not path:find("..", 1, true)
      and name:match("^[%w._-]+$") and kind:match("^[%w.+/; =-]+$")) then
    error("geo front: not a line scripts/front_assets.py writes: " .. line)
  end
  if not (encoding == "" or encoding == "gzip" or encoding == "br") then
    error("geo front: not an encoding scripts/front_assets.py writes: " .. line)
  end
  local file = assert(io.open(dir .. "/" .. name, "rb"))
  -- An address has one form sent as it is, or a gzip form and a brotli form.
  files[path] = files[path] or { kind = kind, forms = {} }
  files[path].forms[encoding] = {
    body = file:read("a"), etag = etag ~= "" and ('"' .. etag .. '"') or nil,
  }
  file:close()
  count, bytes = count + 1, bytes + #files[path].forms[encoding].body
end
manifest:close()
core.Info(string.format("geo front: %d files, %d KB, from %s", count, bytes // 1024, dir))

-- Whether an Accept-Encoding header takes the coding ``wanted`` ("gzip" also as "x-gzip"):
-- named (or "*") with a q above 0.
local function takes(header, wanted)
  local named, any
  for coding, params in (header or ""):lower():gmatch("([^,;%s]+)([^,]*)") do
    local q = tonumber(params:match("q%s*=%s*([%d.]+)") or "1") or 0
    if coding == wanted or (wanted == "gzip" and coding == "x-gzip") then
      named = q
    elseif coding == "*" then
      any = q
    end
  end
  if named ~= nil then
    return named > 0
  end
  return any ~= nil and any > 0
end

-- The form of ``file`` to send for this Accept-Encoding, and its encoding; nil if none.
local function form_for(file, header)
  if file.forms[""] then
    return file.forms[""], ""
  end
  for _, coding in ipairs({ "br", "gzip" }) do
    if file.forms[coding] and takes(header, coding) then
      return file.forms[coding], coding
    end
  end
  return nil
end

-- "1" when the front holds this address in a form the browser takes; "" otherwise.
-- (req.fhdr: the whole header; req.hdr would give its last value only, "deflate".)
core.register_fetches("geo_front", function(txn)
  local file = files[txn.sf:path()]
  if not file or not form_for(file, txn.sf:req_fhdr("accept-encoding")) then
    return ""
  end
  return "1"
end)

core.register_service("geo_front", "http", function(applet)
  local file = files[applet.path]
  local accept = applet.headers["accept-encoding"]
  local form, coding = form_for(file, accept and table.concat(accept, ",", 0) or "")
  local asked = applet.headers["if-none-match"]
  local fresh = form.etag and asked and asked[0] and asked[0]:find(form.etag, 1, true)
  applet:set_status(fresh and 304 or 200)
  applet:add_header("content-type", file.kind)
  if file.kind:find("^text/html") then
    -- The page: checked at every visit (a new Streamlit brings a new page).
    applet:add_header("etag", form.etag)
    applet:add_header("cache-control", "no-cache")
  elseif form.etag then
    -- A cut font keeps Streamlit's address, whose hash is of the whole font: a day, then
    -- checked, so a font cut anew (the app names a new icon) reaches every browser.
    applet:add_header("etag", form.etag)
    applet:add_header("cache-control", "public, max-age=86400")
  else
    -- The same bytes as Streamlit's, whose names carry their hash: a year, never checked.
    applet:add_header("cache-control", "public, max-age=31536000, immutable")
  end
  if coding ~= "" then
    applet:add_header("content-encoding", coding)
    applet:add_header("vary", "Accept-Encoding")
  end
  if fresh then
    applet:start_response()
    return
  end
  applet:add_header("content-length", tostring(#form.body))
  applet:start_response()
  if applet.method ~= "HEAD" then
    applet:send(form.body)
  end
end)
