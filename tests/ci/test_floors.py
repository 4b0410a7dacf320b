"""The floors of the code (.ci/import_figures.py --check): no import circle, the cache and version
machinery (cms/performance/) importing no feature app, and every import inside a function giving
its reason. The project passes; a copy of its packages with each kind of break fails, naming it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("cms", "community", "home", "search")


def check(root):
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / ".ci" / "import_figures.py"), "--check", "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def packages_copy(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tmp_path


def test_the_project_keeps_its_floors():
    result = check(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Import circles through module-level imports: 0" in result.stdout
    assert "cms/performance/ importing community, home or search: 0" in result.stdout
    assert "cms/performance/ importing other cms modules (feature apps): 0" in result.stdout


def test_the_cache_machinery_importing_the_forum_fails(packages_copy):
    (packages_copy / "cms" / "performance" / "upward.py").write_text(
        "from community.contributions.models import PageCitation  # noqa: F401\n"
    )
    result = check(packages_copy)
    assert result.returncode == 1
    assert "cms/performance/ importing community, home or search: 1" in result.stdout
    assert "cms/performance/upward.py:1: community.contributions.models" in result.stdout


def test_the_cache_machinery_importing_a_page_app_fails(packages_copy):
    (packages_copy / "cms" / "performance" / "sideways.py").write_text(
        "from cms.offers.models import OfferPage  # noqa: F401\n"
    )
    result = check(packages_copy)
    assert result.returncode == 1
    assert "cms/performance/sideways.py:1: cms.offers.models" in result.stdout


def test_a_circle_fails(packages_copy):
    (packages_copy / "home" / "ring_a.py").write_text("from home import ring_b  # noqa: F401\n")
    (packages_copy / "home" / "ring_b.py").write_text("from home import ring_a  # noqa: F401\n")
    result = check(packages_copy)
    assert result.returncode == 1
    assert "Import circles through module-level imports: 1" in result.stdout
    assert "home.ring_a -> home.ring_b -> home.ring_a" in result.stdout


def test_an_import_inside_a_function_without_a_reason_fails(packages_copy):
    (packages_copy / "home" / "lazy.py").write_text(
        "def later():\n"
        "    from home.models import HomePage  # noqa: F401\n"
        "\n"
        "\n"
        "def explained():\n"
        "    # The models load once the app registry is ready.\n"
        "    from home.models import HomePage  # noqa: F401\n"
    )
    result = check(packages_copy)
    assert result.returncode == 1
    assert "without a reason: home/lazy.py:2 (in a function)" in result.stdout
    assert "home/lazy.py:7" not in result.stdout
