"""Which form types and export metadata identify a person: one list, used by cleaning (to drop
them before anything else) and by the export gate (to learn the values it must never see)."""

from __future__ import annotations

__all__ = ["IDENTIFYING_TYPES", "IDENTIFYING_METADATA"]

# XLSForm types whose answers identify a person or a place precisely.
IDENTIFYING_TYPES = ("geopoint", "geotrace", "geoshape", "start-geopoint", "background-geopoint",
                     "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email",
                     "image", "audio", "video", "file", "background-audio", "audit", "barcode")
# Export metadata that names the account or device behind a submission.
IDENTIFYING_METADATA = ("_submitted_by", "_attachments", "_geolocation", "_notes", "_tags",
                        "_xform_id_string", "formhub/uuid", "meta/instanceName", "instanceName")
