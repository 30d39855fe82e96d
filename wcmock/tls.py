"""Throwaway HTTPS: a certificate authority made for one run, and a server certificate it signs.

Made with ``trustme`` (imported only when HTTPS is asked for). The CA's certificate is written to
``ca_file`` for clients to trust (``REQUESTS_CA_BUNDLE``, ``NODE_EXTRA_CA_CERTS``, ``verify=``);
the server's key and chain go to a private temporary folder that ``close()`` removes.
"""

from __future__ import annotations

import ipaddress
import tempfile
from pathlib import Path

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")


class Certificates:
    """A CA and a server certificate for ``localhost``, ``127.0.0.1``, ``::1`` and ``host``."""

    def __init__(self, *, host: str = "127.0.0.1", ca_file: str | Path | None = None) -> None:
        import trustme  # imported here: only HTTPS needs it (and its cryptography dependency)

        self._folder = tempfile.TemporaryDirectory(prefix="wcmock-tls-")
        folder = Path(self._folder.name)
        names = list(LOCAL_NAMES)
        if host not in names and not _unspecified(host):
            names.append(host)
        ca = trustme.CA(organization_name="wcmock throwaway CA")
        self.ca_file = Path(ca_file).resolve() if ca_file else folder / "wcmock-ca.pem"
        try:
            self.ca_file.parent.mkdir(parents=True, exist_ok=True)
            ca.cert_pem.write_to_path(str(self.ca_file))
        except OSError as error:
            self.close()
            raise ValueError(f"cannot write the CA file {self.ca_file}: {error.strerror or error}") from None
        self.cert_file = folder / "server.pem"  # the key, then the chain: one file for ssl_certfile
        ca.issue_cert(*names).private_key_and_cert_chain_pem.write_to_path(str(self.cert_file))

    def close(self) -> None:
        """Remove the server's key; a ``ca_file`` the caller chose is left where it is."""
        self._folder.cleanup()


def _unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False
