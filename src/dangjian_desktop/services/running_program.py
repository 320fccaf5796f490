"""Let the Windows setup and uninstaller see that the program is running.

The setup script names these mutexes in `AppMutex` (installer/windows/dangjian-desktop.iss). While any copy of
the program — window or command line — holds them, Setup and the uninstaller ask the user to close it first
instead of failing half-way on files in use. The `Global\\` twin makes a copy in another user's session visible
too. The system drops the mutexes when the process ends, however it ends. Other systems need nothing: the .deb's
files are replaced safely while the program runs.
"""

import sys

MUTEX_NAME = "dangjian-desktop-running"
MUTEX_NAMES = (MUTEX_NAME, f"Global\\{MUTEX_NAME}")

_held: list[int] = []  # the handles stay open for the life of the process


def announce_running() -> None:
    if sys.platform != "win32" or _held:
        return
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateMutexW.restype = ctypes.c_void_p
    kernel32.CreateMutexW.argtypes = (ctypes.c_void_p, ctypes.c_bool, ctypes.c_wchar_p)
    for name in MUTEX_NAMES:
        handle = kernel32.CreateMutexW(None, False, name)
        if handle:  # a Global\ name can be refused by policy; the session-local one still serves
            _held.append(handle)
