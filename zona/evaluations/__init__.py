"""The evaluation: a unit's LKE for a year, answered in layers (unit, TPI, TPN), with evidence,
review, stage moves and the predicate decision."""
