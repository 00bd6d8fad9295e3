"""The transparent recommender: pure decision logic over the knowledge base and probe facts.

``recommend(kb, profile, probe)`` returns a ``Recommendation``; ``profile_io`` reads and writes
profile files; ``python -m recommender`` is the headless command line.
"""

from recommender.pipeline import recommend

__all__ = ["recommend"]
