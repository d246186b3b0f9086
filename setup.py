"""Build-time step that pyproject.toml cannot express: the stand-in's copy of the spec.

Git holds ``openapi.yaml`` once, at the root. A wheel's ``heymarket_mock`` package needs its own copy
(``heymarket_mock.config.DEFAULT_SPEC_PATH``), so ``build_py`` copies the root file into the built package.
The sdist carries the root file (``MANIFEST.in``), so a wheel built from the sdist gets it the same way.
An editable install copies nothing: the stand-in reads the root file of the source tree directly.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SPEC = Path(__file__).resolve().parent / "openapi.yaml"


class BuildPyWithSpec(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        if not SPEC.is_file():
            raise SystemExit(f"setup.py: {SPEC} is missing; the stand-in cannot be built without the spec")
        target = Path(self.build_lib) / "heymarket_mock" / "openapi.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        self.copy_file(str(SPEC), str(target), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs: list[str] = super().get_outputs(include_bytecode)
        if not self.editable_mode:
            outputs.append(str(Path(self.build_lib) / "heymarket_mock" / "openapi.yaml"))
        return outputs


setup(cmdclass={"build_py": BuildPyWithSpec})
