"""Flood control: the limits, the exact retry_after, and scaled time."""

from __future__ import annotations

from bot.sandbox.localapi.flood import FloodControl, FloodLimits


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_overall_limit_is_30_per_second() -> None:
    clock = FakeClock()
    flood = FloodControl(FloodLimits(chat_burst=100, chat_per_second=100), clock)
    assert all(flood.check(chat, group=False) is None for chat in range(30))
    assert flood.check(31, group=False) == 1
    clock.now += 1.0
    assert flood.check(31, group=False) is None


def test_private_chat_gets_a_short_burst_then_one_per_second() -> None:
    clock = FakeClock()
    flood = FloodControl(FloodLimits(chat_burst=3), clock)
    assert [flood.check(7, group=False) for _ in range(3)] == [None, None, None]
    assert flood.check(7, group=False) == 1
    clock.now += 0.5
    assert flood.check(7, group=False) == 1  # half a token: retry after ceil(0.5) = 1
    clock.now += 0.5
    assert flood.check(7, group=False) is None
    assert flood.rejected == 2


def test_group_limit_is_20_per_minute_with_exact_retry_after() -> None:
    clock = FakeClock()
    flood = FloodControl(FloodLimits(), clock)
    for _ in range(20):
        assert flood.check(-5, group=True) is None
        clock.now += 1.0
    # The first of the 20 was sent 20 s ago: the window frees in 40 s.
    assert flood.check(-5, group=True) == 40
    clock.now += 40
    assert flood.check(-5, group=True) is None


def test_time_scale_shrinks_windows_but_reports_api_seconds() -> None:
    clock = FakeClock()
    flood = FloodControl(FloodLimits(time_scale=10), clock)
    for _ in range(20):
        assert flood.check(-5, group=True) is None
    assert flood.check(-5, group=True) == 60
    clock.now += 6.0  # 60 API seconds at ten times the speed
    assert flood.check(-5, group=True) is None


def test_disabled_flood_control_allows_everything() -> None:
    flood = FloodControl(FloodLimits(enabled=False), FakeClock())
    assert all(flood.check(1, group=False) is None for _ in range(1000))


def test_paid_broadcast_has_its_own_bucket() -> None:
    clock = FakeClock()
    flood = FloodControl(FloodLimits(chat_burst=10_000), clock)
    for chat in range(30):
        assert flood.check(chat, group=False) is None
    assert flood.check(99, group=False) is not None
    assert flood.check(99, group=False, paid=True) is None
