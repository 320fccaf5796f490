"""The mutexes that let the Windows setup and uninstaller see a running program (AppMutex in the .iss)."""

import ctypes
import sys

import pytest

from dangjian_desktop.services import running_program


class FakeCreateMutexW:
    """Stands in for the ctypes function: typed by the caller (restype/argtypes), records what it is asked."""

    def __init__(self):
        self.created: list[tuple[object, bool, str]] = []
        self.refused: set[str] = set()

    def __call__(self, attributes, initial_owner, name):
        self.created.append((attributes, initial_owner, name))
        return 0 if name in self.refused else 1000 + len(self.created)


class FakeKernel32:
    def __init__(self):
        self.CreateMutexW = FakeCreateMutexW()


@pytest.fixture
def windows(monkeypatch):
    kernel = FakeKernel32()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "WinDLL", lambda name, use_last_error=False: kernel, raising=False)
    monkeypatch.setattr(running_program, "_held", [])
    return kernel


def test_windows_holds_a_session_and_a_global_mutex_without_owning_them(windows):
    running_program.announce_running()
    assert windows.CreateMutexW.restype is ctypes.c_void_p  # a HANDLE: 64 bits, not ctypes' default int
    assert [(owner, name) for _attributes, owner, name in windows.CreateMutexW.created] == [
        (False, "dangjian-desktop-running"), (False, "Global\\dangjian-desktop-running")]
    assert running_program._held == [1001, 1002]
    running_program.announce_running()  # once per process
    assert len(windows.CreateMutexW.created) == 2


def test_a_refused_global_mutex_leaves_the_session_one(windows):
    windows.CreateMutexW.refused = {"Global\\dangjian-desktop-running"}
    running_program.announce_running()
    assert running_program._held == [1001]


def test_nothing_to_do_elsewhere(monkeypatch):
    monkeypatch.setattr(running_program, "_held", [])
    monkeypatch.setattr(sys, "platform", "linux")
    running_program.announce_running()
    assert running_program._held == []


def test_every_start_announces_it_before_anything_else(monkeypatch, capsys):
    from dangjian_desktop import __main__

    calls = []
    monkeypatch.setattr(running_program, "announce_running", lambda: calls.append(True))
    with pytest.raises(SystemExit):
        __main__.main(["--version"])  # argparse exits after printing the version
    assert calls == [True] and "党建工作台" in capsys.readouterr().out
