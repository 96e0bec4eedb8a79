"""Schemathesis hooks, loaded by scripts/test.ts (SCHEMATHESIS_HOOKS): serializers for the API's request
bodies that are text but not JSON, WHIP's SDP offers and trickle-ICE fragments (RFC 9725). Without them
Schemathesis cannot send a body of these media types and reports the operations as errors."""

import schemathesis


@schemathesis.serializer("application/sdp", "application/trickle-ice-sdpfrag")
def sdp_text(ctx, value):
    if isinstance(value, bytes):
        return {"data": value}
    return {"data": (value if isinstance(value, str) else str(value)).encode("utf-8")}
