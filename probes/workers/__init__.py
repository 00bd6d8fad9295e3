"""Framework workers: each module runs in its own subprocess and is the only place that imports
an ML framework. They print JSON lines on stdout (see ``common.Channel``)."""
