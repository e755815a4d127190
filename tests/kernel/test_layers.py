"""The layer contract in .importlinter stays complete as the kernel grows.

``make lint`` runs ``lint-imports`` with the contracts; this test makes sure that every
module of ``community_portal/`` is named in them, so that a new kernel module cannot
slip past the "kernel imports no feature app" contract.
"""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The project's wiring and the apps that live inside the package: not kernel.
NOT_KERNEL = {
    "urls",
    "wsgi",
    "asgi",
    "settings",
    "accounts",
    "notices",
    "pages",
    "devtools",
}


def _contracts() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def test_every_module_of_the_package_is_kernel_or_named_wiring():
    kernel = {
        name.removeprefix("community_portal.")
        for name in _lines(
            _contracts()["importlinter:contract:kernel"]["source_modules"]
        )
    }
    present = {
        path.stem if path.is_file() else path.name
        for path in (ROOT / "community_portal").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists())
    }
    assert present - NOT_KERNEL == kernel


def test_the_layers_name_every_app_once():
    layers = _lines(_contracts()["importlinter:contract:layers"]["layers"])
    named = [part.strip() for layer in layers for part in layer.split("|")]
    assert sorted(named) == sorted(
        [
            "community_portal.pages",
            "community_portal.devtools",
            "activities",
            "volunteers",
            "venues",
            "grids",
            "community_portal.notices",
            "community_portal.accounts",
        ]
    )
    forbidden = set(
        _lines(_contracts()["importlinter:contract:kernel"]["forbidden_modules"])
    )
    assert forbidden == set(named)
