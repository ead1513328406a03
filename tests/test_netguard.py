"""The network guard: every address outside loopback is refused before a packet is sent."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator

import httpx
import pytest

from tests import netguard

TEST_NET = "192.0.2.1"  # RFC 5737 TEST-NET-1: documentation only, never routed


@pytest.fixture
def refusals() -> Iterator[list[str]]:
    """The refusals this test provokes on purpose (taken, so the per-test check passes)."""
    taken: list[str] = []
    yield taken
    taken.extend(netguard.take_refusals())


def test_a_non_loopback_address_is_refused_before_connecting(refusals: list[str]) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(netguard.NonLoopbackError, match=r"192\.0\.2\.1 port 80"):
            sock.connect((TEST_NET, 80))
        with pytest.raises(netguard.NonLoopbackError):
            sock.connect_ex((TEST_NET, 80))
        # Refused before the kernel was asked: the socket was never connected, not even
        # half-way (a real attempt would leave it connecting or give it a local port).
        assert sock.getsockname() == ("0.0.0.0", 0)
        with pytest.raises(OSError, match="not connected"):
            sock.getpeername()
    finally:
        sock.close()
    assert len(netguard.take_refusals()) == 2


def test_ipv6_and_mapped_addresses_outside_loopback_are_refused(refusals: list[str]) -> None:
    for address in ("2001:db8::1", f"::ffff:{TEST_NET}"):
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
            with pytest.raises(netguard.NonLoopbackError):
                sock.connect((address, 80, 0, 0))
            assert sock.getsockname()[1] == 0  # never bound, never sent


def test_a_host_name_is_refused_without_a_dns_lookup(refusals: list[str]) -> None:
    with pytest.raises(netguard.NonLoopbackError, match=r"example\.org"):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(netguard.NonLoopbackError):
        socket.gethostbyname("example.org")


async def test_asyncio_and_httpx_are_refused_too(refusals: list[str]) -> None:
    with pytest.raises(netguard.NonLoopbackError):
        await asyncio.open_connection(TEST_NET, 80)
    async with httpx.AsyncClient() as client:
        # anyio connects inside a task group, which wraps the refusal in a group.
        with pytest.RaisesGroup(netguard.NonLoopbackError, flatten_subgroups=True):
            await client.get(f"http://{TEST_NET}/")
    assert netguard.take_refusals()


async def test_a_swallowed_refusal_is_still_recorded(refusals: list[str]) -> None:
    """Code that catches every exception cannot hide a connection attempt: the per-test
    check in tests/conftest.py fails the test from the record."""
    with contextlib.suppress(Exception):  # what careless code under test might do
        await asyncio.open_connection(TEST_NET, 80)
    assert len(netguard.take_refusals()) == 1


async def test_loopback_is_allowed() -> None:
    received: list[bytes] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received.append(await reader.read(5))
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        for host in ("127.0.0.1", "localhost"):
            _, writer = await asyncio.open_connection(host, port)
            writer.write(b"hello")
            await writer.drain()
            writer.close()
            await writer.wait_closed()
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(b"hello")
        for _ in range(100):
            if len(received) == 3:
                break
            await asyncio.sleep(0.01)
    assert received == [b"hello"] * 3
    assert netguard.take_refusals() == []


def test_unix_sockets_are_allowed(tmp_path_factory: pytest.TempPathFactory) -> None:
    path = str(tmp_path_factory.mktemp("unix") / "s")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen(1)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(path)
            accepted, _ = server.accept()
            with accepted:
                client.sendall(b"ok")
                assert accepted.recv(2) == b"ok"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        (b"127.0.0.1", True),
        ("192.0.2.1", False),
        ("0.0.0.0", False),
        ("10.0.0.1", False),
        ("2001:db8::1", False),
        ("localhost.example.org", False),
        ("example.org", False),
    ],
)
def test_what_counts_as_loopback(host: str | bytes, loopback: bool) -> None:
    assert netguard.is_loopback_host(host) is loopback
