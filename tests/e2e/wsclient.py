"""A socket.io (engine.io 4) websocket handshake over a plain socket: status and first packet."""

from __future__ import annotations

import base64
import os
import socket


def _read_exactly(sock: socket.socket, size: int, buffer: bytes) -> bytes:
    while len(buffer) < size:
        chunk = sock.recv(4096)
        if not chunk:
            break
        buffer += chunk
    return buffer


def socketio_websocket(host: str, port: int, origin: str | None) -> tuple[int, str]:
    """HTTP status of the upgrade, and the engine.io open packet when it was accepted."""
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1",
        f"Host: {host}:{port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        *([f"Origin: {origin}"] if origin else []),
    ]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        status = int(head.split()[1])
        if status != 101:
            return status, ""
        # One unmasked server frame: FIN+text, then a 7-bit or 16-bit length.
        rest = _read_exactly(sock, 2, rest)
        length, offset = rest[1] & 0x7F, 2
        if length == 126:
            rest = _read_exactly(sock, 4, rest)
            length, offset = int.from_bytes(rest[2:4], "big"), 4
        rest = _read_exactly(sock, offset + length, rest)
        return status, rest[offset : offset + length].decode("utf-8", "replace")
