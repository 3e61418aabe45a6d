"""The NAP 1325 / SDG monitoring framework, as data (a shared layer).

:class:`Framework` reads ``framework.yml`` (shipped beside this package): Iraq's INAP II
pillars, the eight sectors of the national WPS coordination reports and the SDG/WPS
indicators a survey can measure, with English and Arabic titles.  An analysis plan's
``nap_pillar`` and ``sdg`` columns point into it.  Two stages need it — the plan reader
(``io``) refuses an unknown code when it reads a plan, the indicator store (``monitor``)
when it stores results — so it sits below both (docs/architecture.md).

Examples
--------
>>> from wpsresearch.framework import Framework
>>> Framework.load().normalise_sdg("SDG 16.1.4")
'16.1.4'
"""

from __future__ import annotations

from wpsresearch.framework.codes import Framework, FrameworkEntry

__all__ = ["Framework", "FrameworkEntry"]
