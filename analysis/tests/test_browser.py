"""The page renders in a real browser (headless Chromium): the table is there, every figure
decodes, and the screenshot is a page, not a blank."""

import re
import shutil
import subprocess

import numpy as np
import pytest
from matplotlib import image

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    binary = next((b for b in map(shutil.which, CHROMIUM_NAMES) if b), None)
    if binary is None:
        pytest.fail("headless Chromium is needed for this test: install the Debian package "
                    "`chromium` (cmake/install-deps.sh does)")
    profile = tmp_path_factory.mktemp("chromium-profile")

    def run(*args):
        # A private profile directory, so runs neither touch $HOME nor collide.
        return subprocess.run([binary, "--headless", "--no-sandbox", "--disable-gpu",
                               "--hide-scrollbars", f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=60)
    return run


def test_every_image_loads_and_the_table_is_there(chromium, fixture_report):
    url = (fixture_report / "index.html").as_uri()
    result = chromium("--virtual-time-budget=5000", "--dump-dom", url)
    assert result.returncode == 0, result.stderr[-2000:]
    body = re.search(r"<body[^>]*>", result.stdout)
    assert body, result.stdout[:500]
    assert 'data-broken-images="0"' in body.group(0), body.group(0)
    loaded = re.search(r'data-images-loaded="(\d+)"', body.group(0))
    page = (fixture_report / "index.html").read_text()
    assert loaded and int(loaded.group(1)) == page.count("<img ") == 8
    assert '<table id="headline">' in result.stdout
    assert result.stdout.count("<tr") > 40  # a row per indicator


def test_screenshot_is_a_real_page(chromium, fixture_report, tmp_path):
    shot = tmp_path / "page.png"
    url = (fixture_report / "index.html").as_uri()
    result = chromium(f"--screenshot={shot}", "--window-size=1400,4000", url)
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.stat().st_size > 50_000
    pixels = image.imread(str(shot))
    assert pixels.shape[:2] == (4000, 1400)
    assert float(np.std(pixels[..., :3])) > 0.05  # not all one colour
    assert len(np.unique(pixels[::7, ::7, :3].reshape(-1, 3), axis=0)) > 50


def _body_attributes(chromium, report, width=1400, height=900):
    result = chromium("--virtual-time-budget=5000", f"--window-size={width},{height}",
                      "--dump-dom", (report / "index.html").as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    body = re.search(r"<body[^>]*>", result.stdout)
    assert body, result.stdout[:500]
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', body.group(0)))


def _fold(chromium, report, tmp_path):
    """The first screen of the page at 1400x900: its pixels and the set of colours in them."""
    shot = tmp_path / "fold.png"
    result = chromium(f"--screenshot={shot}", "--window-size=1400,900",
                      (report / "index.html").as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    pixels = image.imread(str(shot))
    assert pixels.shape[:2] == (900, 1400)
    colours = {tuple(np.round(p * 255).astype(int)) for p in pixels[::4, ::4, :3].reshape(-1, 3)}
    return pixels, colours


@pytest.mark.parametrize("which", ["fixture_report", "trio"])
def test_verdict_and_key_table_are_above_the_fold(chromium, which, request, tmp_path):
    """At 1400×900 the verdict's sentences and the whole key table are on the first screen."""
    if which == "trio":
        import retzef_fixture as fx
        from conftest import run_report
        cases = (("medical", "medical", {}), ("recovery", "recovery", {}),
                 ("cost_target", "cost_target", {}))
        fx.write(tmp_path / "trio.h5", cases=cases)
        run_report(tmp_path / "trio.h5", "-o", tmp_path / "r", check=True)
        report = tmp_path / "r"
    else:
        report = request.getfixturevalue(which)
    attributes = _body_attributes(chromium, report)
    assert 0 <= int(attributes["verdict-top"]) < 200, attributes
    assert int(attributes["key-table-bottom"]) <= 900, attributes
    _, colours = _fold(chromium, report, tmp_path)
    # the table's coloured cells (better / worse) are in the first screen
    assert (0xdb, 0xe9, 0xf6) in colours or (0xfb, 0xe3, 0xd2) in colours
