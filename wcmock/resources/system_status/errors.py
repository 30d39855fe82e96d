"""The system status tools' error, as ``WC_REST_System_Status_Tools_V2_Controller`` words it."""

from __future__ import annotations

from wcmock.errors import KnownError


class InvalidToolId(KnownError):
    CODE, MESSAGE, STATUS = "woocommerce_rest_system_status_tool_invalid_id", "Invalid tool ID.", 404
