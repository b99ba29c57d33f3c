"""The vendored scripts point to no source map the app does not serve.

leaflet.js and leaflet.markercluster.js end with ``//# sourceMappingURL=...``, and their
packages ship no map: a site audit (or an open console) saw a failed request at every map.
The scripts are published, and inlined in the map file, without that line.
"""

from geo.render.assets import LIBRARIES, inline_leaflet, publish_leaflet


def test_published_scripts_name_no_missing_source_map(tmp_path):
    root = publish_leaflet(tmp_path)
    checked = 0
    for lib in LIBRARIES:
        for name in lib.scripts:
            text = (root / lib.name / name).read_text(encoding="utf-8")
            assert "sourceMappingURL" not in text or (root / lib.name / (name + ".map")).exists()
            checked += 1
    assert checked >= 2
    assert any(
        "sourceMappingURL" in (lib.folder / n).read_text() for lib in LIBRARIES for n in lib.scripts
    )


def test_a_copy_published_before_is_written_again(tmp_path):
    root = publish_leaflet(tmp_path)
    lib = next(lib for lib in LIBRARIES if lib.name == "leaflet")
    script = root / lib.name / lib.scripts[0]
    script.write_text("//# sourceMappingURL=leaflet.js.map\n", encoding="utf-8")
    (root / lib.name / "VERSION").write_text(lib.version)  # as an older app stamped it
    publish_leaflet(tmp_path)
    assert "sourceMappingURL" not in script.read_text(encoding="utf-8")


def test_the_map_file_inlines_no_source_map_pointer():
    scripts, _ = inline_leaflet()
    assert "sourceMappingURL" not in scripts
