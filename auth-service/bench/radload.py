#!/usr/bin/env python3
"""RADIUS load helpers for the auth-service benchmark (not a test).

  radload.py latency --port P --secret S --users N --rate R --seconds T
      PAP Access-Requests (with Message-Authenticator and the user's device serial as
      Cisco-AVPair) at a fixed rate; prints JSON with sent/answered/accepted and p50/p99 in ms.
  radload.py steps --port P --secret S --users N --rates 1000,1500,... --seconds T --limit-ms 20
      the latency run at each rate in turn until p99 exceeds the limit (or fewer than 99 % of the
      requests are answered); prints JSON with the highest rate that held and every step's figures.
  radload.py flood --port P --rate R --seconds T
      Access-Requests whose Message-Authenticator is made with a wrong secret (a forged or
      misconfigured NAS): the server must drop every one of them.
  radload.py requests --secret S --users N --count C > file
      a radclient input file (-f) of C requests over the N bench users.
  radload.py selftest --rate R --seconds T
      the latency run against a UDP echo server in a second process: what this load generator
      itself adds at that rate (its p99 must stay far below the servers' to measure them).
  --user-format F names the users (printf, from 1; default bench%04d), e.g. soak.%05d.

How the fixed rate is kept (so that 2,000 and more requests/s from one Python process measure the
server, not this script): every packet of a run is built before the clock starts (PAP encryption
and Message-Authenticator cost ~15 us each in Python); the loop only sends when a packet is due,
and otherwise waits in epoll for answers until the next one is due, so an answer's time stamp is
taken when it arrives. Requests go out from 128 sockets (identifier space 128 x 256, a slot is
reused only after 32,768 requests), and an answer counts only if its Response Authenticator
matches the request it claims to answer, so a late answer can never be taken for a newer request.
"""
import argparse, hashlib, hmac, json, multiprocessing, os, select, socket, sys, time

PASSWORD = b"Passw0rd!"
SOCKETS = 128


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


def run_at(port, secret, users, rate, seconds, offset=0, verify=True):
    """One fixed-rate run; returns the figures as a dict."""
    count = max(1, int(rate * seconds))
    packets = []
    for n in range(count):
        s_index, ident = n % SOCKETS, (n // SOCKETS) % 256
        packets.append((s_index, access_request(ident, user_name(offset + n, users), secret)))
    sockets = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(SOCKETS)]
    poller = select.epoll()
    by_fd = {}
    for i, s in enumerate(sockets):
        s.setblocking(False)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        poller.register(s.fileno(), select.EPOLLIN)
        by_fd[s.fileno()] = i
    target = ("127.0.0.1", port)
    outstanding, rtts, accepted, sent, late_sends = {}, [], 0, 0, 0
    interval = 1.0 / rate
    start = time.perf_counter()
    end = start + seconds
    clock = time.perf_counter
    while True:
        now = clock()
        if sent < count and now >= start + sent * interval:
            if now - (start + sent * interval) > 0.002:
                late_sends += 1  # this script fell more than 2 ms behind its schedule
            s_index, packet = packets[sent]
            try:
                sockets[s_index].sendto(packet, target)
            except BlockingIOError:
                pass
            outstanding[(s_index, packet[1])] = (now, packet[4:20])
            sent += 1
            continue
        if sent >= count and (not outstanding or now >= end + 2):
            break
        timeout = max(0.0, start + sent * interval - now) if sent < count else 0.05
        for fd, _ in poller.poll(timeout):
            s_index = by_fd[fd]
            while True:
                try:
                    data = sockets[s_index].recv(4096)
                except BlockingIOError:
                    break
                arrived = clock()
                key = (s_index, data[1])
                pending = outstanding.get(key)
                if pending is None or len(data) < 20:
                    continue
                t0, request_auth = pending
                if verify and hashlib.md5(data[:4] + request_auth + data[20:] + secret).digest() != data[4:20]:
                    continue  # an answer to an earlier request with this identifier
                del outstanding[key]
                rtts.append((arrived - t0) * 1000)
                accepted += data[0] == 2
    elapsed = clock() - start
    poller.close()
    for s in sockets:
        s.close()
    rtts.sort()
    pct = lambda p: round(rtts[min(len(rtts) - 1, int(len(rtts) * p))], 2) if rtts else None
    return {"rate": rate, "sent": sent, "answered": len(rtts), "accepted": accepted, "p50_ms": pct(0.50),
            "p99_ms": pct(0.99), "max_ms": round(rtts[-1], 2) if rtts else None,
            "send_rate": round(sent / min(elapsed, seconds + 0.001)), "late_sends": late_sends}


def latency(args):
    print(json.dumps(run_at(args.port, args.secret.encode(), args.users, args.rate, args.seconds)))


def steps(args):
    secret = args.secret.encode()
    held, results, offset = 0, [], 0
    for rate in [int(r) for r in args.rates.split(",")]:
        r = run_at(args.port, secret, args.users, rate, args.seconds, offset)
        offset += r["sent"]
        results.append(r)
        ok = r["p99_ms"] is not None and r["p99_ms"] <= args.limit_ms and r["answered"] >= 0.99 * r["sent"]
        if not ok:
            break
        held = rate
        time.sleep(args.pause)
    print(json.dumps({"max_rate": held, "limit_ms": args.limit_ms, "steps": results}))


def echo_server(port_out):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port_out.put(s.getsockname()[1])
    while True:
        data, source = s.recvfrom(4096)
        s.sendto(data, source)


def selftest(args):
    port_out = multiprocessing.Queue()
    server = multiprocessing.Process(target=echo_server, args=(port_out,), daemon=True)
    server.start()
    port = port_out.get()
    # the echo returns the request itself: no Response Authenticator to check
    r = run_at(port, args.secret.encode(), args.users, args.rate, args.seconds, verify=False)
    server.terminate()
    print(json.dumps(r))


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
    p.add_argument("mode", choices=["latency", "steps", "flood", "requests", "selftest"])
    p.add_argument("--port", type=int)
    p.add_argument("--secret", default="bench-secret-0123456789")
    p.add_argument("--users", type=int, default=200)
    p.add_argument("--rate", type=int, default=1000)
    p.add_argument("--rates", default="1000,1500,2000,2500,3000,3500,4000,5000,6000")
    p.add_argument("--limit-ms", type=float, default=20.0)
    p.add_argument("--pause", type=float, default=1.0, help="seconds of quiet between steps")
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--count", type=int, default=20000)
    p.add_argument("--user-format", default=USER_FORMAT,
                   help="printf format of the user names from 1 (default bench%%04d: bench0001 ...)")
    a = p.parse_args()
    USER_FORMAT = a.user_format
    {"latency": latency, "steps": steps, "flood": flood, "requests": requests, "selftest": selftest}[a.mode](a)
