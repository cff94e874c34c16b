"""The criteria language: measures, indicators, criteria and sets (``model``), the threshold
algebra (``requirements``) and composition rules over sets, groups and villages
(``composition``) — data and decisions; no files."""
