"""Child processes (the video renderer, batch workers) end when the process that started them dies.

On Linux the child asks the kernel for SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``);
a child whose parent is already gone by then exits at once. Elsewhere nothing is set up here:
the renderer still ends when its standard input closes, a batch worker after its clip.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int | None = None) -> bool:
    """Make the kernel kill this process when its parent dies; return True if that is set up.

    Parameters
    ----------
    parent_pid
        The pid of the parent that started this process, if known: when the current parent is
        another process (the real one died before this call), exit now.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)  # the parent died before the request: nobody will read our results
    return True
