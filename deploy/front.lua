-- Streamlit's frontend files from memory, lighter than the app sends them: JavaScript and
-- CSS gzipped at level 9 (this HAProxy's own gzip, libslz, leaves them 60 % bigger), and
-- the fonts cut to what the dashboard shows. scripts/front_assets.py writes the folder
-- (GEO_FRONT_DIR) and a copy of this file into it; deploy/haproxy.cfg loads it.
--
-- The folder is read once, as HAProxy reads its configuration (before any chroot). The
-- fetch lua.geo_front says whether this request is one the front answers; every other
-- request goes to the app as before.

local dir = os.getenv("GEO_FRONT_DIR")
local files, count, bytes = {}, 0, 0

local manifest = assert(io.open(dir .. "/manifest.tsv", "r"))
for line in manifest:lines() do
  local path, name, kind, encoding = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]*)$")
  if path then
    local file = assert(io.open(dir .. "/" .. name, "rb"))
    files[path] = { body = file:read("a"), kind = kind, gzip = encoding == "gzip" }
    file:close()
    count, bytes = count + 1, bytes + #files[path].body
  end
end
manifest:close()
core.Info(string.format("geo front: %d files, %d KB, from %s", count, bytes // 1024, dir))

-- (req.fhdr: the whole header; req.hdr would give its last value only, "deflate".)
-- "1" when the front holds this address in a form the browser takes; "" otherwise.
core.register_fetches("geo_front", function(txn)
  local file = files[txn.sf:path()]
  if not file then
    return ""
  end
  if file.gzip then
    local accepted = txn.sf:req_fhdr("accept-encoding") or ""
    if not accepted:lower():find("gzip", 1, true) then
      return ""
    end
  end
  return "1"
end)

core.register_service("geo_front", "http", function(applet)
  local file = files[applet.path]
  applet:set_status(200)
  applet:add_header("content-type", file.kind)
  applet:add_header("content-length", tostring(#file.body))
  -- The names carry a hash of the content: a year, never revalidated.
  applet:add_header("cache-control", "public, max-age=31536000, immutable")
  if file.gzip then
    applet:add_header("content-encoding", "gzip")
    applet:add_header("vary", "Accept-Encoding")
  end
  applet:start_response()
  if applet.method ~= "HEAD" then
    applet:send(file.body)
  end
end)
