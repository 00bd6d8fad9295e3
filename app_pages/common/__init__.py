"""What the pages share: state, services, rendering helpers, text, the probe runner.

The page scripts themselves are the modules one level up (``app_pages/*.py``), each registered
with ``st.Page`` in ``app.py``; nothing in this sub-package is a page, and no page imports
another page.
"""
