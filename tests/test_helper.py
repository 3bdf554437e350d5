"""Work shared with a forked helper (psedcheck/helper.py): results in order, whatever the helper does."""
from __future__ import annotations

import os
import time

from psedcheck.helper import start_helper, take_turns


def test_the_helper_hands_back_what_its_work_returns():
    assert start_helper(lambda: {"pages": [1, 2, 3]})() == {"pages": [1, 2, 3]}


def test_a_helper_that_fails_hands_back_none():
    assert start_helper(lambda: 1 / 0)() is None


def test_turns_give_every_result_in_order():
    assert take_turns(40, lambda i: i * i) == [i * i for i in range(40)]


def test_what_a_dying_helper_took_is_done_here():
    parent = os.getpid()

    def work(i):
        if i >= 5 and os.getpid() != parent:
            os._exit(1)  # the helper dies holding the index it took
        time.sleep(0.005)  # so that the helper gets turns
        return i * i

    assert take_turns(30, work) == [i * i for i in range(30)]
