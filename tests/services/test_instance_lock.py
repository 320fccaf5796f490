"""One program per data file: a second program is refused politely; a crashed holder's lock is free at once."""

import json
import multiprocessing
import os
import signal
import sys
import time
from datetime import datetime

import pytest

from dangjian_desktop.domain.access import machine_name, os_user_name
from dangjian_desktop.services import storage_location
from dangjian_desktop.services.errors import ServiceError
from dangjian_desktop.services.instance_lock import AlreadyOpen, acquire_instance_lock, lock_path, read_holder

fork_only = pytest.mark.skipif(sys.platform != "linux", reason="forks the test process (Linux)")


def _try_in_child(db_path, results) -> None:
    try:
        with acquire_instance_lock(db_path):
            results.send(("acquired", ""))
    except AlreadyOpen as exc:
        results.send(("refused", exc.message))


def _hold_in_child(db_path, results) -> None:
    acquire_instance_lock(db_path)
    results.send("holding")
    time.sleep(600)


def _in_child(target, *args):
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=target, args=(*args, send), daemon=True)
    child.start()
    assert receive.poll(30), "the child said nothing"
    return child, receive.recv()


@fork_only
def test_a_second_program_is_refused_naming_who_has_it_open(tmp_path):
    db_path = tmp_path / "dangjian.db"
    with acquire_instance_lock(db_path) as lock:
        assert lock.held and lock_path(db_path).is_file()
        child, (outcome, message) = _in_child(_try_in_child, db_path)
        child.join(10)
        assert outcome == "refused"
        assert message.startswith(f"数据文件 {db_path} 已经在另一个党建工作台中打开（电脑“{machine_name()}”上的用户"
                                  f"“{os_user_name()}”，从 ")
        assert "同一份数据同一时间只能由一个程序打开" in message and "请看看任务栏" in message
        holder = read_holder(lock_path(db_path))
        assert holder.pid == os.getpid() and abs((datetime.now() - holder.since).total_seconds()) < 60
    assert not lock.held and not lock_path(db_path).exists()     # released and tidied away
    child, (outcome, _message) = _in_child(_try_in_child, db_path)
    child.join(10)
    assert outcome == "acquired"


def test_within_one_process_a_second_lock_is_refused_too(tmp_path):
    db_path = tmp_path / "党建 数据.db"
    first = acquire_instance_lock(db_path)
    try:
        with pytest.raises(AlreadyOpen) as caught:
            acquire_instance_lock(db_path)
        assert caught.value.holder.machine == machine_name()
    finally:
        first.release()
    first.release()    # twice is harmless
    acquire_instance_lock(db_path).release()


@fork_only
def test_the_lock_of_a_killed_program_is_free_at_once(tmp_path):
    db_path = tmp_path / "dangjian.db"
    holder, said = _in_child(_hold_in_child, db_path)
    try:
        assert said == "holding"
        with pytest.raises(AlreadyOpen) as caught:
            acquire_instance_lock(db_path)
        assert caught.value.holder.pid == holder.pid
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.join(10)
    assert lock_path(db_path).exists()           # left behind, as after a crash or a power cut
    started = time.monotonic()
    with acquire_instance_lock(db_path):
        assert read_holder(lock_path(db_path)).pid == os.getpid()
    assert time.monotonic() - started < 1


def test_a_leftover_lock_file_with_junk_is_taken_over(tmp_path):
    db_path = tmp_path / "dangjian.db"
    lock_path(db_path).write_bytes(b"\xff\xfe not json at all " * 100)
    with acquire_instance_lock(db_path):
        info = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        assert set(info) == {"machine", "user", "pid", "since"} and info["pid"] == os.getpid()


def test_the_refusal_without_a_readable_holder_still_reads_well(tmp_path):
    db_path = tmp_path / "dangjian.db"
    with acquire_instance_lock(db_path):
        lock_path(db_path).write_text("{}", encoding="utf-8")   # e.g. a holder still writing its details
        with pytest.raises(AlreadyOpen) as caught:
            acquire_instance_lock(db_path)
    assert caught.value.holder is None
    assert caught.value.message == (f"数据文件 {db_path} 已经在另一个党建工作台中打开。同一份数据同一时间只能由一个"
                                    "程序打开，以免互相覆盖修改。请先关闭那个程序，再重新打开。")


def test_a_folder_that_cannot_hold_the_lock_file_gives_a_chinese_message(tmp_path):
    blocker = tmp_path / "不是文件夹"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ServiceError, match="无法在 .* 中创建锁文件 dangjian.db.lock"):
        acquire_instance_lock(blocker / "dangjian.db")


def test_the_location_warning_for_a_local_folder_is_none_and_for_a_usb_stick_names_it(tmp_path, monkeypatch):
    assert storage_location.location_warning(tmp_path / "dangjian.db") is None
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n/dev/sdz1 {tmp_path} vfat rw 0 0\n", encoding="utf-8")
    monkeypatch.setattr(storage_location, "MOUNTS_FILE", mounts)
    monkeypatch.setattr(storage_location, "_removable", lambda device: device == "/dev/sdz1")
    warning = storage_location.location_warning(tmp_path / "dangjian.db")
    assert warning.startswith(f"数据文件 {tmp_path.resolve() / 'dangjian.db'} 位于可移动磁盘 {tmp_path}")
    assert "拔出" in warning and "本地硬盘" in warning
    cloud = tmp_path / "OneDrive - 幸福街道"
    monkeypatch.setattr(storage_location, "_removable", lambda device: False)
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\n", encoding="utf-8")
    assert "OneDrive 的同步文件夹" in storage_location.location_warning(cloud / "dangjian.db")
