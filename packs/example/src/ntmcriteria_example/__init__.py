"""Example ntmcriteria pack: four criteria of the Hà Tĩnh commune set 2022-2025.

It exists to prove the plugin path end to end (a real distribution with an entry point) and
to serve the quick-start demo. The complete Hà Tĩnh sets belong in the ``hatinh`` pack.
"""
