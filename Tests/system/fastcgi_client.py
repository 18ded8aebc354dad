"""A minimal FastCGI client (responder role) for talking to vpsctl workers without nginx."""
import socket
import struct

FCGI_VERSION = 1
BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6
RESPONDER = 1


def record(kind, request_id, content=b""):
    padding = (8 - len(content) % 8) % 8
    header = struct.pack("!BBHHBx", FCGI_VERSION, kind, request_id, len(content), padding)
    return header + content + b"\0" * padding


def name_value(name, value):
    def length(n):
        return struct.pack("!B", n) if n < 128 else struct.pack("!I", n | 0x80000000)
    name, value = name.encode(), value.encode()
    return length(len(name)) + length(len(value)) + name + value


class FastCGIConnection:
    """One request over one unix-socket connection, sent in steps so a test can pause mid-body."""

    def __init__(self, path, timeout=10):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)

    def begin(self, params):
        self.sock.sendall(record(BEGIN_REQUEST, 1, struct.pack("!HB5x", RESPONDER, 0)))
        body = b"".join(name_value(k, v) for k, v in params.items())
        self.sock.sendall(record(PARAMS, 1, body) + record(PARAMS, 1))

    def send_body(self, data):
        if data:
            self.sock.sendall(record(STDIN, 1, data))
        self.sock.sendall(record(STDIN, 1))

    def read_response(self):
        """Returns the stdout bytes once END_REQUEST arrives."""
        buffer, out = b"", b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed before END_REQUEST")
            buffer += chunk
            while len(buffer) >= 8:
                _, kind, _, length, padding = struct.unpack("!BBHHBx", buffer[:8])
                if len(buffer) < 8 + length + padding:
                    break
                content = buffer[8:8 + length]
                buffer = buffer[8 + length + padding:]
                if kind == STDOUT:
                    out += content
                elif kind == END_REQUEST:
                    return out

    def close(self):
        self.sock.close()
