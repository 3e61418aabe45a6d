"""Orchestration above every stage: ``build`` (raw → processed) and ``demo`` (the whole chain
on the SYNTHETIC study).  It calls the stages in order and owns no rule of its own."""
