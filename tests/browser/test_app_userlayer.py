"""The app's upload in headless Chromium (a real server on loopback, every outside request blocked): Playwright sets a
CSV on the uploader; the layer appears on the map and in its legend, on the same slider, with the rows the active-on
rule makes active; the report lists the left-out row; "Download this map" carries the layer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from geo.elements import read_payload, read_user_blocks
from geo.userlayer import UserLayerOptions, decode_payload, read_user_layer
from tests.browser.harness import map_frame

ROWS = """id,name,lat,lon,start,end,kind
up-1,Shelling near Berd,40.881,45.387,2021-05-01,2021-05-03,shelling
up-2,<img src=x onerror=alert(1)>,40.95,45.45,2021-05-03,,drone
up-3,Bad day,40.9,45.4,2021-02-30,,shelling
up-4,A month,41.1,45.1,2021-06,2021-06,shelling
"""


def test_an_uploaded_csv_is_on_the_map_in_the_legend_and_in_the_download(app_page, app_server, tmp_path: Path):
    page, _ = app_page
    csv_file = tmp_path / "tavush.csv"
    csv_file.write_text(ROWS, encoding="utf-8")
    layer = read_user_layer(csv_file, UserLayerOptions(layer_id="tavush")).layer
    page.goto(f"{app_server.url}/?date=2021-05-03")
    map_frame(page, 90)  # a fresh server builds its document first; the machine is shared
    page.locator("[data-testid=stExpandSidebarButton]").click()  # the panels, the upload too, are in the sidebar
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(csv_file))
    page.get_by_text("tavush.csv: 3 of 4 rows are on the slider, 1 left out.").wait_for(timeout=60_000)
    assert "tavush.csv:4:start: date:" in page.locator("[data-testid=stCode]").first.inner_text()
    frame = map_frame(page, 60)
    frame.wait_for_function("() => presenceMap.getUserLayers().some(l => l.active > 0)", timeout=30_000)
    (info,) = frame.evaluate("presenceMap.getUserLayers()")
    assert (info["id"], info["count"], info["renderer"]) == ("tavush", 3, "svg")
    # the same slider: the rows the rule makes active, day by day (Python's answer)
    for day in ("2021-04-30", "2021-05-01", "2021-05-03", "2021-05-04", "2021-06-01", "2021-06-30", "2021-07-01"):
        frame.evaluate("d => presenceMap.setDate(d)", day)
        ids = [i for i in frame.evaluate("presenceMap.visibleFeatureIds()") if i.startswith("up-")]
        assert ids == sorted(layer.active_ids(dt.date.fromisoformat(day))), day
    frame.evaluate("d => presenceMap.setDate(d)", "2021-05-03")
    legend = frame.locator(".pm-legend__item--user")
    assert legend.is_visible() and "tavush.csv" in legend.inner_text()
    assert frame.locator(".pm-layer--user input").is_checked()
    assert frame.locator(".leaflet-marker-pane .pm-user-sym").count() == 2
    assert frame.locator(".leaflet-marker-pane img").count() == 0  # the hostile name stayed text
    # "Download this map": the reader's layer is in the file
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download this map (HTML, works offline)").click()
    html = Path(download.value.path()).read_text(encoding="utf-8")
    assert read_payload(html)["user_layers"][0]["title"] == "tavush.csv"
    assert sorted(decode_payload(read_user_blocks(html)[0]).ids()) == ["up-1", "up-2", "up-4"]
