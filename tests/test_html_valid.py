"""Every public page is valid HTML, by the Nu Html Checker (vnu.jar, from the npm package
vnu-jar). Skipped where Java or the jar is missing; .ci/run installs the jar when Java is there."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.test_pages import PAGES

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
JAR_IN_PACKAGE = Path("node_modules/vnu-jar/build/dist/vnu.jar")
CANDIDATES = [
    Path(os.environ.get("VNU_JAR", "/nonexistent")),
    ROOT / JAR_IN_PACKAGE,
    Path("/tmp/vnu") / JAR_IN_PACKAGE,
]


def vnu_jar():
    return next((path for path in CANDIDATES if path.is_file()), None)


@pytest.mark.skipif(
    not shutil.which("java") or vnu_jar() is None,
    reason="needs java and vnu.jar (npm i --prefix /tmp/vnu vnu-jar, or set VNU_JAR)",
)
def test_every_public_page_is_valid_html(client, seeded, tmp_path):
    files = []
    for index, (path, status) in enumerate(PAGES):
        response = client.get(path)
        assert response.status_code == status, path
        page = tmp_path / f"page-{index:02d}.html"
        page.write_bytes(response.content)
        files.append(page)
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar()), "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    names = {f"page-{i:02d}.html": path for i, (path, _) in enumerate(PAGES)}
    report = result.stderr
    for name, path in names.items():
        report = report.replace(name, path)
    assert result.returncode == 0 and not report.strip(), report
