"""A guard that refuses, before any packet leaves, every connection outside loopback.

Tests touch only loopback addresses (the local Bot API server, the loopback feed server,
PostgreSQL on 127.0.0.1 or its Unix socket). ``install()`` patches ``socket.socket.connect``
and ``connect_ex`` (which asyncio, httpx and asyncpg all reach) and the name lookups
(``socket.getaddrinfo``, ``gethostbyname``, ``gethostbyname_ex``: a DNS query is a packet
too): an address outside 127.0.0.0/8 and ::1, or a host name other than ``localhost``,
raises ``NonLoopbackError`` and is recorded, so a test that swallows the error still fails.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

#: Names that resolve to loopback without asking a DNS server.
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class NonLoopbackError(RuntimeError):
    """A test tried to reach an address outside loopback (not an OSError: code that
    handles network failures must not mistake it for one)."""


#: Every refusal since the last ``take_refusals()``, for the per-test check.
_refused: list[str] = []
_originals: dict[str, Any] = {}


def is_loopback_host(host: object) -> bool:
    """True for a loopback IP literal (127.0.0.0/8, ::1, IPv4-mapped) or ``localhost``."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip("[]").split("%", 1)[0]  # IPv6 brackets and zone index
    if name.lower().rstrip(".") in LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


def _refuse(what: str) -> NonLoopbackError:
    message = (
        f"tests touch only loopback addresses, but this test tried to reach {what} "
        "(refused before connecting; see tests/netguard.py)"
    )
    _refused.append(message)
    return NonLoopbackError(message)


def _check_address(sock: socket.socket, address: Any) -> None:
    family = sock.family
    if family == getattr(socket, "AF_UNIX", None):
        return  # a Unix socket (PostgreSQL may use one) never leaves the machine
    if family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) and address:
        if is_loopback_host(address[0]):
            return
        raise _refuse(f"{address[0]!s} port {address[1] if len(address) > 1 else '?'}")
    raise _refuse(f"{address!r} (address family {family!r})")


def _connect(self: socket.socket, address: Any) -> None:
    _check_address(self, address)
    _originals["connect"](self, address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    _check_address(self, address)
    result: int = _originals["connect_ex"](self, address)
    return result


def _check_name(host: object) -> None:
    if host is None or host in ("", b""):
        return  # a local wildcard or the loopback default: no lookup leaves the machine
    text = host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)
    if is_loopback_host(text) or _is_ip_literal(text):
        return  # IP literals resolve without DNS; connect() checks the address itself
    raise _refuse(f"the host name {text!r} (a DNS lookup)")


def _getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    _check_name(host)
    return _originals["getaddrinfo"](host, *args, **kwargs)


def _gethostbyname(host: Any) -> Any:
    _check_name(host)
    return _originals["gethostbyname"](host)


def _gethostbyname_ex(host: Any) -> Any:
    _check_name(host)
    return _originals["gethostbyname_ex"](host)


def install() -> None:
    """Patch the socket module (idempotent)."""
    if _originals:
        return
    _originals["connect"] = socket.socket.connect
    _originals["connect_ex"] = socket.socket.connect_ex
    _originals["getaddrinfo"] = socket.getaddrinfo
    _originals["gethostbyname"] = socket.gethostbyname
    _originals["gethostbyname_ex"] = socket.gethostbyname_ex
    socket.socket.connect = _connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = _getaddrinfo
    socket.gethostbyname = _gethostbyname
    socket.gethostbyname_ex = _gethostbyname_ex


def uninstall() -> None:
    """Undo ``install()``."""
    if not _originals:
        return
    socket.socket.connect = _originals.pop("connect")  # type: ignore[method-assign]
    socket.socket.connect_ex = _originals.pop("connect_ex")  # type: ignore[method-assign]
    socket.getaddrinfo = _originals.pop("getaddrinfo")
    socket.gethostbyname = _originals.pop("gethostbyname")
    socket.gethostbyname_ex = _originals.pop("gethostbyname_ex")


def take_refusals() -> list[str]:
    """The refusals recorded since the last call (and forget them)."""
    taken = list(_refused)
    _refused.clear()
    return taken
