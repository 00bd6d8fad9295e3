"""Accelerator inventory, one module per vendor (amd, apple, intel, nvidia, tpu) plus the PCI
safety net (pci); each collector returns ``list[Accelerator]``.
"""
