"""What people read: the words, units and rounding shared by the PDF, the dashboard and the CLI printout.

Below ``report`` and ``ui`` so both use the same labels (``labels``); it imports only the model and
the angle table.
"""
