"""The line protocol both PyTorch workers speak with their driver: one JSON request per line in, one JSON answer per
line out, {"cmd": "quit"} ends the loop."""

import json


def serve(handle, input_stream, output_stream):
    """Answers each request with handle(request) plus "ok": true, or "ok": false and the error, until "quit"."""
    for line in input_stream:
        if not line.strip():
            continue
        quit_ = False
        try:
            request = json.loads(line)
            quit_ = request.get("cmd") == "quit"
            answer = {} if quit_ else handle(request)
            answer["ok"] = True
        except Exception as e:  # the worker reports any failure to the driver and keeps serving
            answer = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        output_stream.write(json.dumps(answer) + "\n")
        output_stream.flush()
        if quit_:
            return
