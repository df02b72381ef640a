#!/usr/bin/env python3
"""RADIUS load helpers for the auth-service benchmark (not a test).

  radload.py latency --port P --secret S --users N --rate R --seconds T
      PAP Access-Requests (with Message-Authenticator and the user's device serial as
      Cisco-AVPair) at a fixed rate; prints JSON with sent/answered/accepted and p50/p99 in ms.
  radload.py flood --port P --rate R --seconds T
      Access-Requests whose Message-Authenticator is made with a wrong secret (a forged or
      misconfigured NAS): the server must drop every one of them.
  radload.py requests --secret S --users N --count C > file
      a radclient input file (-f) of C requests over the N bench users.
  --user-format F names the users (printf, from 1; default bench%04d), e.g. soak.%05d.
"""
import argparse, hashlib, hmac, json, os, select, socket, sys, time

PASSWORD = b"Passw0rd!"


def attr(t, value):
    return bytes([t, len(value) + 2]) + value


def pap(password, secret, authenticator):
    padded = password + b"\0" * (-len(password) % 16 or (16 if not password else 0))
    out, last = b"", authenticator
    for i in range(0, len(padded), 16):
        key = hashlib.md5(secret + last).digest()
        block = bytes(a ^ b for a, b in zip(padded[i:i + 16], key))
        out += block
        last = block
    return out


def access_request(ident, user, secret, mac_secret=None):
    authenticator = os.urandom(16)
    avpair = b"mdm-tlv=device-uid=SN-" + user
    vsa = (9).to_bytes(4, "big") + bytes([1, len(avpair) + 2]) + avpair
    attrs = attr(80, b"\0" * 16) + attr(1, user) + attr(2, pap(PASSWORD, secret, authenticator)) + attr(26, vsa) \
        + attr(26, (9).to_bytes(4, "big") + bytes([1, 29]) + b"mdm-tlv=device-platform=win")
    packet = bytes([1, ident]) + (20 + len(attrs)).to_bytes(2, "big") + authenticator + attrs
    mac = hmac.new(mac_secret or secret, packet, "md5").digest()
    return packet[:22] + mac + packet[38:]


USER_FORMAT = "bench%04d"


def user_name(i, users):
    return (USER_FORMAT % (i % users + 1)).encode()


def latency(args):
    secret = args.secret.encode()
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(16)]
    for s in sockets:
        s.setblocking(False)
    target = ("127.0.0.1", args.port)
    sent_at, rtts, accepted, sent = {}, [], 0, 0
    interval = 1.0 / args.rate
    start = time.perf_counter()
    end = start + args.seconds
    next_send = start
    while True:
        now = time.perf_counter()
        if now < end and now >= next_send:
            s_index, ident = divmod(sent % (16 * 256), 256)
            s = sockets[s_index]
            s.sendto(access_request(ident, user_name(sent, args.users), secret), target)
            sent_at[(s_index, ident)] = now
            sent += 1
            next_send += interval
            continue
        if now >= end + 2:
            break
        timeout = max(0, min(next_send - now, 0.005)) if now < end else 0.05
        readable, _, _ = select.select(sockets, [], [], timeout)
        for s in readable:
            try:
                data = s.recv(4096)
            except BlockingIOError:
                continue
            key = (sockets.index(s), data[1])
            t0 = sent_at.pop(key, None)
            if t0 is not None:
                rtts.append((time.perf_counter() - t0) * 1000)
                accepted += data[0] == 2
    rtts.sort()
    pct = lambda p: round(rtts[min(len(rtts) - 1, int(len(rtts) * p))], 2) if rtts else None
    print(json.dumps({"sent": sent, "answered": len(rtts), "accepted": accepted, "p50_ms": pct(0.50),
                      "p99_ms": pct(0.99), "rate": args.rate}))


def flood(args):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    packets = [access_request(i % 256, b"bench0001", b"wrong-secret") for i in range(512)]
    target = ("127.0.0.1", args.port)
    interval = 1.0 / args.rate
    start = time.perf_counter()
    sent = 0
    while time.perf_counter() - start < args.seconds:
        due = int((time.perf_counter() - start) / interval)
        while sent < due:
            try:
                s.sendto(packets[sent % 512], target)
            except BlockingIOError:
                pass
            sent += 1
        time.sleep(0.0005)
    print(json.dumps({"flood_sent": sent, "flood_rate": round(sent / args.seconds)}))


def requests(args):
    for i in range(args.count):
        u = user_name(i, args.users).decode()
        print(f'User-Name = "{u}", User-Password = "Passw0rd!", Message-Authenticator = 0x00, '
              f'Cisco-AVPair = "mdm-tlv=device-uid=SN-{u}", Cisco-AVPair = "mdm-tlv=device-platform=win"')
        print()


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["latency", "flood", "requests"])
    p.add_argument("--port", type=int)
    p.add_argument("--secret", default="bench-secret-0123456789")
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--rate", type=int, default=1000)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--count", type=int, default=20000)
    p.add_argument("--user-format", default=USER_FORMAT,
                   help="printf format of the user names from 1 (default bench%%04d: bench0001 ...)")
    a = p.parse_args()
    USER_FORMAT = a.user_format
    {"latency": latency, "flood": flood, "requests": requests}[a.mode](a)
