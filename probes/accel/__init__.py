"""Accelerator inventory, one module per vendor; each returns ``list[Accelerator]``."""
