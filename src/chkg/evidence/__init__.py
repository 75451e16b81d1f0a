"""The evidence model (docs/EVIDENCE-MODEL.md): where claims stand in their sources, and how sure they are."""
