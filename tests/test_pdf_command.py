"""``make pdf`` without Chromium: one line saying what to install, and a non-zero exit."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.helpers import ROOT


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_pdf_without_chromium_says_what_to_install(tmp_path):
    proc = subprocess.run(["make", "--no-print-directory", "pdf", f"CHROMIUM={tmp_path}/no-chromium"],
                          cwd=ROOT, capture_output=True, text=True)
    lines = (proc.stdout + proc.stderr).splitlines()
    assert proc.returncode != 0
    assert len(lines) == 1 and "apt-get install chromium fonts-wqy-microhei" in lines[0], lines
