"""Geography, a shared layer: Iraq's governorates and districts, slugs, OCHA p-codes and
names (COD-AB 2019, shipped in ``wpsresearch/data/boundaries``).

Examples
--------
>>> from wpsresearch.geo import places
>>> places.province_pcode("kirkuk")
'IQG13'
"""

from __future__ import annotations

from wpsresearch.geo import places

__all__ = ["places"]
