"""Client access: virtual client keys (stored hashed), who a request comes from, its policy
and its rate limits.

A client key belongs to the organisation's gateway, not to a provider: teams and programs
get one each (``tiergate keys create``), the gateway knows them by name in the audit, may
give them their own policy and limits, and revokes them without touching a provider key.
"""

from tiergate.access.keys import ClientKey, hash_key, new_key
from tiergate.access.store import KeyStore, open_key_store

__all__ = ["ClientKey", "KeyStore", "hash_key", "new_key", "open_key_store"]
