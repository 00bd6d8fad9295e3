"""The one version of Framework Advisor (kb, probes, recommender and the app ship together).

pyproject.toml reads it (``[tool.setuptools.dynamic]``) and probe reports carry it as
``tool_version``. It is written here and nowhere else: tests/test_version.py fails when a
second copy appears.
"""

__version__ = "0.2.0"
