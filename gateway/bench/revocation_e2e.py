#!/usr/bin/env python3
"""How long after POST /Api/GiveUpToken answers does another service refuse the token?

Runs against a started suite (deploy/local/run.sh start). For N tokens: create it with POST /Admin/CreateToken,
call the service directly and through the gateway (both must accept it), give it up through the gateway, then poll
the service directly every 5 ms until it answers 401. Prints each delay, the median and the maximum.

Environment: GATEWAY (default http://127.0.0.1:8080), SERVICE (default http://127.0.0.1:8084, tile-service),
CALL (default /Api/GetImageMetadata), RIGHT (default CanGetPixels), BODY (default imageid=1),
ADMIN_PASSWORD or ADMIN_PASSWORD_FILE (default deploy/local/.state/admin-password), N (default 10).
Standard library only.
"""
import base64
import json
import os
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request

GATEWAY = os.environ.get("GATEWAY", "http://127.0.0.1:8080")
SERVICE = os.environ.get("SERVICE", "http://127.0.0.1:8084")
CALL = os.environ.get("CALL", "/Api/GetImageMetadata")
RIGHT = os.environ.get("RIGHT", "CanGetPixels")
BODY = os.environ.get("BODY", "imageid=1").encode()
N = int(os.environ.get("N", "10"))
PASSWORD = os.environ.get("ADMIN_PASSWORD") or open(
    os.environ.get("ADMIN_PASSWORD_FILE", "deploy/local/.state/admin-password")).read().strip()


def request(url, method="GET", data=None, headers=None):
    r = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(r, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def main():
    basic = "Basic " + base64.b64encode(f"admin:{PASSWORD}".encode()).decode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    delays = []
    for i in range(N):
        status, body = request(GATEWAY + "/Admin/CreateToken", "POST",
                               urllib.parse.urlencode({"name": f"revocation-bench-{i}", RIGHT: "true"}).encode(),
                               {"Authorization": basic, **form})
        assert status == 200, (status, body)
        token = json.loads(body)["token"]
        bearer = {"Authorization": "Bearer " + token, "Accept": "application/json", **form}
        for base in (GATEWAY, SERVICE):
            status, body = request(base + CALL, "GET", BODY, bearer)
            assert status != 401, (base, status, body)
        status, body = request(GATEWAY + "/Api/GiveUpToken", "POST", b"", bearer)
        given_up = time.monotonic()
        assert (status, body) == (200, "{}"), (status, body)
        while request(SERVICE + CALL, "GET", BODY, bearer)[0] != 401:
            if time.monotonic() - given_up > 30:
                raise SystemExit("the service still accepts the token 30 s after GiveUpToken")
            time.sleep(0.005)
        delays.append((time.monotonic() - given_up) * 1000)
        assert request(GATEWAY + CALL, "GET", BODY, bearer)[0] == 401
    print("refused after (ms):", [round(d) for d in delays])
    print(f"median {statistics.median(delays):.0f} ms, max {max(delays):.0f} ms, "
          f"max after the first {max(delays[1:] or delays):.0f} ms")


if __name__ == "__main__":
    main()
