"""Report templates: the page stylesheet and the minimal study notebook."""
