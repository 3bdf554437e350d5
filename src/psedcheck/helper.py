"""Part of one document's work in a forked helper process, on the second core.

The helper shares everything this process has loaded (fork), so it starts in milliseconds; what it
returns comes back pickled through a pipe. A helper that fails (an exception, a signal, its memory
ceiling) hands back None and the caller does that part itself: a helper may cost time, never a result.
`take_turns` shares a list of tasks between this process and a helper, each taking the next when free,
so the two end together however uneven the tasks.
A plain os.fork, not multiprocessing: the single document's reader is a daemon process, which
multiprocessing allows no children. Only where fork exists (`can_fork`).
"""
from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")


def can_fork() -> bool:
    return hasattr(os, "fork")


def start_helper(work: Callable[[], R]) -> Callable[[], R | None]:
    """Starts work() in a forked process; the returned function waits for its result (None if it failed)."""
    receive, send = os.pipe()
    pid = os.fork()
    if pid == 0:
        _work_and_send(work, receive, send)  # never returns
    os.close(send)

    def result() -> R | None:
        try:
            with os.fdopen(receive, "rb") as pipe:
                data = pipe.read()
            return pickle.loads(data) if data else None
        except Exception:  # cut short: the helper died while writing
            return None
        finally:
            os.waitpid(pid, 0)

    return result


def take_turns(count: int, work: Callable[[int], R]) -> list[R]:
    """[work(0), …, work(count - 1)], this process and a forked helper each taking the next index
    from a shared counter when done with the last; what a failed helper took is done here."""
    from multiprocessing import Value

    following = Value("i", 0)  # shared memory, seen by both sides of the fork

    def turns() -> dict[int, R]:
        done = {}
        while True:
            with following.get_lock():
                index = following.value
                following.value = index + 1
            if index >= count:
                return done
            done[index] = work(index)

    theirs = start_helper(turns)
    results = turns()
    results.update(theirs() or {})
    return [results[i] if i in results else work(i) for i in range(count)]


def _work_and_send(work: Callable, receive: int, send: int) -> None:
    status = 1
    try:
        os.close(receive)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(send, "wb") as pipe:
            pipe.write(data)
        status = 0
    except BaseException:  # MemoryError, a bug: the parent finds the pipe empty and does this part itself
        pass
    finally:
        os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
