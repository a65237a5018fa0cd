"""communique: read dated defence-diplomacy news and keep a queryable record of it."""
__version__ = "0.1.0"
