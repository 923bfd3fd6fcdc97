"""The HTML report rendered in headless Chromium (Debian package `chromium`; .ci/run installs it):
what the browser lays out and shows, that it loads nothing from outside, and that it prints."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from casemark.engine.reports import build, open_inspection
from test_export import make_inspection

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Appended to a copy of the report (the report itself has no script): measures what Chromium laid out.
PROBE = """
<script>
const text = el => el ? el.innerText.trim() : null;
const bars = [...document.querySelectorAll('tr.kq')].map(row => {
  const bar = row.querySelector('.bar'), fill = bar && bar.querySelector('.fill');
  return {id: row.id, band: text(row.querySelector('.badge')), shown: !!bar && bar.getBoundingClientRect().width > 0,
          ratio: bar ? fill.getBoundingClientRect().width / bar.clientWidth : null,
          colour: fill ? getComputedStyle(fill).backgroundColor : null};
});
const reasons = [...document.querySelectorAll('#insufficient-2\\\\.1\\\\.1 li')].map(li => ({
  text: li.innerText, height: li.getBoundingClientRect().height}));
const probe = {
  title: document.title,
  overall: text(document.querySelector('#overall .badge')),
  h2: [...document.querySelectorAll('h2')].map(text),
  apart: text(document.querySelector('#apart')),
  domain2: text(document.querySelector('#domain-2')),
  bars, reasons,
  resources: performance.getEntriesByType('resource').length,
  bodyWidth: document.body.getBoundingClientRect().width,
  whiteSpace: getComputedStyle(document.querySelector('.reason')).whiteSpace,
};
const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(probe);
document.body.appendChild(pre);
</script>
"""


@pytest.fixture(scope="module")
def chromium():
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("chromium is not installed: apt-get install -y chromium (.ci/run does this)")
    return exe


def run_chromium(exe: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    source = open_inspection(make_inspection(root))
    return source, build("report-html", source)


def test_report_is_self_contained(report):
    _, html = report
    assert html.startswith("<!DOCTYPE html>")
    for outside in ("http://", "https://", "<script", "<link", "@import", "url(", "<img", "<iframe"):
        assert outside not in html, outside
    assert "@media print" in html and "@page" in html


def test_chromium_shows_the_report(chromium, report, tmp_path):
    source, html = report
    page = tmp_path / "report.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = run_chromium(chromium, tmp_path / "profile", "--window-size=1200,900", "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, "the page did not run to the end:\n" + done.stdout[-2000:]
    import html as htmllib

    probe = json.loads(htmllib.unescape(found.group(1)))

    assert source.ratings.overall.rating == "requires-improvement"
    assert probe["title"] == "Anytown Youth Justice Service: inspection report draft"
    assert probe["overall"] == "Requires improvement"
    assert probe["h2"][:4] == [
        "Overall rating",
        "Domain 1: Organisational delivery",
        "Domain 2: Court disposals",
        "Domain 3: Out of court disposals",
    ]
    assert probe["h2"][-1] == "Rated apart (not in the overall score)"
    assert "2.5 Resettlement policy and provision" in probe["apart"] and "Inadequate" in probe["apart"]
    assert "2.5 Resettlement" not in probe["domain2"]
    assert probe["resources"] == 0  # nothing fetched: no network, no files beside it

    bars = {b["id"]: b for b in probe["bars"]}
    # the bars are drawn to the key questions' shares: 2 of 4 and 2 of 3
    assert bars["kq-2.1.1"]["shown"] and bars["kq-2.1.1"]["ratio"] == pytest.approx(0.5, abs=0.02)
    assert bars["kq-2.1.2"]["shown"] and bars["kq-2.1.2"]["ratio"] == pytest.approx(2 / 3, abs=0.02)
    assert bars["kq-2.1.3"]["shown"] is False  # not yet judged: no bar
    assert bars["kq-2.1.1"]["band"] == "Requires improvement" and bars["kq-2.1.2"]["band"] == "Good"
    assert bars["kq-2.1.1"]["colour"] != bars["kq-2.1.2"]["colour"]  # bands are told apart by colour

    # insufficient cases with their reasons, line breaks shown as written
    first, second = probe["reasons"]
    assert first["text"].startswith("C-02 (Ann Ray)")
    assert "Planning missed the victim's wishes, \"as recorded\", and\nthe risk to the sister" in first["text"]
    assert "No contingency." in first["text"]
    assert probe["whiteSpace"] == "pre-wrap"
    assert first["height"] > second["height"]  # four lines of reasons take more room than one
    assert second["text"].startswith("C-04 (Bob Lee)")


def test_chromium_prints_the_report_to_pdf(chromium, report, tmp_path):
    _, html = report
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    done = run_chromium(chromium, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert 2 <= pages <= 12, pages  # A4 pages, the whole report, not one page per element


# -- the demo report in print: A4 pages, well filled, numbered, headed while provisional ------------

MARGIN_PT = 16 / 25.4 * 72  # @page margin: 16mm top and bottom


def pdftotext():
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("pdftotext is not installed: apt-get install -y poppler-utils (.ci/run does this)")
    return exe


def pdf_pages(pdf: Path) -> list[dict]:
    """Each page's words (pdftotext -bbox), split into the top margin, the body and the bottom margin,
    and how far down the printable area the body's text reaches (0 to 1)."""
    import html as htmllib

    out = subprocess.run([pdftotext(), "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    pages = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', out, re.S):
        height = float(height)
        words = [(float(y0), float(y1), htmllib.unescape(w)) for y0, y1, w in
                 re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', body)]
        inner = [w for w in words if w[0] >= MARGIN_PT - 1 and w[1] <= height - MARGIN_PT + 1]
        reach = (max(w[1] for w in inner) - MARGIN_PT) / (height - 2 * MARGIN_PT) if inner else 0.0
        pages.append({
            "top": " ".join(w[2] for w in words if w[1] < MARGIN_PT),
            "bottom": " ".join(w[2] for w in words if w[0] > height - MARGIN_PT),
            "body": " ".join(w[2] for w in inner),
            "fill": reach,
        })
    return pages


def print_pdf(chromium: str, html: str, folder: Path) -> Path:
    page, pdf = folder / "report.html", folder / "report.pdf"
    page.write_text(html, encoding="utf-8")
    done = run_chromium(chromium, folder / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    return pdf


def test_the_demo_report_prints_on_well_filled_numbered_pages(chromium, tmp_path):
    source = open_inspection(Path(__file__).resolve().parent.parent / "saved" / "demo-anytown")
    assert source.ratings.overall.provisional  # the demo's marking is unfinished
    pdf = print_pdf(chromium, build("report-html", source), tmp_path)
    count = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    pages = pdf_pages(pdf)
    assert count == len(pages) and 6 <= count <= 10, count  # was 13, with pages under half full
    for number, page in enumerate(pages, 1):
        assert page["top"] == "Draft — provisional", (number, page["top"])
        assert page["bottom"] == f"Page {number} of {count}", (number, page["bottom"])
    for number, page in enumerate(pages[:-1], 1):
        assert page["fill"] >= 0.6, f"page {number} of {count} is only {page['fill']:.0%} full"
    last = pages[-1]["body"]
    footer = "Draft produced by casemark from the case files of inspection demo-anytown"
    assert footer in last and last.index(footer) > 0, "the last page holds only the footer"
    assert "Rated apart (not in the overall score)" in " ".join(p["body"] for p in pages)


def test_a_finished_report_prints_without_the_draft_header(chromium, report, tmp_path):
    import dataclasses

    from casemark.engine.reports.html import report_html

    source, _ = report
    finished = dataclasses.replace(source.ratings, overall=dataclasses.replace(source.ratings.overall, provisional=False))
    html = report_html(source.framework, source.inspection, finished, source.cases)
    pages = pdf_pages(print_pdf(chromium, html, tmp_path))
    assert pages and all(p["top"] == "" for p in pages)
    assert [p["bottom"] for p in pages] == [f"Page {n} of {len(pages)}" for n in range(1, len(pages) + 1)]
