"""Connection strings with credentials: database and broker URLs, ADO.NET/ODBC/JDBC property
strings, libpq keyword strings, Oracle ``user/password@db``, Kafka SASL JAAS entries and
database command lines (``mysql -pSECRET``, ``redis-cli -a SECRET``).

A connection string is reported whole (type ``CONNECTION_STRING``): host, user and database
name are what make the password usable. It is dropped when it holds no password, or one that
is a stand-in (``postgres://user:password@…``, ``${DB_PASS}``, ``guest:guest``).
:class:`UrlCredentials` also serves other schemes (``https://user:pw@host``) for
:mod:`tiergate.rules.secrets_tokens`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.filters import word_set
from tiergate.detect.rule import compile_re2
from tiergate.findings import Finding
from tiergate.rules._scan import keyword_windows
from tiergate.rules._secret_values import finding, is_stand_in_password

DB_SCHEMES = word_set(
    """postgres postgresql pgsql psql mysql mysqlx mariadb mongodb mongo redis rediss valkey
    valkeys redis-sentinel amqp amqps rabbitmq mssql sqlserver oracle db2 ibm_db_sa cockroachdb
    cockroach clickhouse clickhouses snowflake couchbase couchbases couchdb cassandra scylla
    neo4j bolt memcached memcache nats kafka mqtt mqtts ldap ldaps influxdb questdb presto
    trino hive hive2 impala vertica sybase firebird teradata odbc sqlalchemy tds
    elasticsearch opensearch arangodb rethinkdb orientdb timescaledb yugabytedb tidb
    stomp stomp+ssl zookeeper etcd consul"""
)

# ---- URLs -----------------------------------------------------------------------------

_URL = compile_re2(
    r"(?i)(?:jdbc:)?[a-z][a-z0-9+.-]{1,30}://(?:[^\s/?#@\"'<>`]{1,256}@"
    r"|[^\s\"'<>`]*?[?&;](?:password|pwd|passwd|pass)=)"
)
_URL_TAIL = re.compile(r"[^\s\"'<>`]*")
_USERINFO = re.compile(
    r"(?P<scheme>[^:]+(?::[^:/]+)?)://(?P<user>[^:@/]*)(?::(?P<pw>.*))?@(?P<host>[^@]*)$"
)
_QUERY_PW = re.compile(r"[?&;](?:password|pwd|passwd|pass)=(?P<pw>[^&;#]+)", re.I)
_TOKEN_USER = re.compile(r"[A-Za-z0-9_.~%-]{20,}")


def scheme_base(scheme: str) -> str:
    s = scheme.lower().removeprefix("jdbc:")
    return re.split(r"[+:]", s, maxsplit=1)[0]


class UrlCredentials:
    """``scheme://user:password@host`` and ``…?password=…``: for database and broker schemes
    the whole URL (``CONNECTION_STRING``), for others the password (``PASSWORD``)."""

    keywords = ("://",)
    context_words: tuple[str, ...] = ()

    def __init__(self, id_: str, *, databases: bool) -> None:
        self.id = id_
        self.databases = databases

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        last = -1
        for lo, hi in keyword_windows(doc, self.keywords, 40, 1100):
            for m in _URL.finditer(data, lo, hi):
                if m.start() < last:
                    continue
                tail = _URL_TAIL.match(doc.value(m.end(), min(len(data), m.end() + 2048)))
                end = m.end() + len((tail.group() if tail else "").encode())
                while end > m.end() and data[end - 1 : end] in (b".", b",", b";", b")", b"]", b"}"):
                    end -= 1
                last = end
                found = self._judge(doc, m.start(), end)
                if found is not None:
                    yield found

    def _judge(self, doc: Document, start: int, end: int) -> Finding | None:
        url = doc.value(start, end)
        scheme = url.split("://", 1)[0]
        is_db = scheme_base(scheme) in DB_SCHEMES
        if is_db != self.databases:
            return None
        head = url.split("/", 3)
        authority = "/".join(head[:3]) if len(head) >= 3 else url
        pw_span: tuple[int, int] | None = None
        user = ""
        ui = _USERINFO.match(authority.split("?", 1)[0])
        if ui is not None and ui.group("pw") is not None:
            user, pw_span = ui.group("user"), ui.span("pw")
        elif (
            ui is not None
            and _TOKEN_USER.fullmatch(ui.group("user"))
            and _looks_random(ui.group("user"))
        ):
            pw_span = ui.span("user")
        else:
            q = _QUERY_PW.search(url)
            if q is not None:
                pw_span = q.span("pw")
        if pw_span is None:
            return None
        password = url[pw_span[0] : pw_span[1]]
        if is_stand_in_password(password, user):
            return None
        if is_db:
            return finding(self.id, "CONNECTION_STRING", start, end, 0.95, "URL with a password")
        s = start + len(url[: pw_span[0]].encode())
        found = finding(
            # above an e-mail address read out of "user:pw@host" (0.9), below a provider's
            # own rule for its URLs (0.93)
            self.id,
            "PASSWORD",
            s,
            s + len(password.encode()),
            0.91,
            "password in a URL",
        )
        if not _RESERVED_HOST.search(authority):
            return found
        # https://abc:xyz@example.com/ in documentation: kept, but test data
        return dataclasses.replace(
            found, explanation=dataclasses.replace(found.explanation, test_data=True)
        )


# RFC 2606 / RFC 6761 names that resolve to nothing real
_RESERVED_HOST = re.compile(
    r"@(?:[\w-]+\.)*(?:example\.(?:com|net|org)|[\w-]+\.(?:example|test|invalid))(?::\d+)?$",
    re.I,
)


def _looks_random(value: str) -> bool:
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
        )
    )
    return classes >= 2 and len(set(value)) >= 10


# ---- key=value connection strings ------------------------------------------------------

_KV_PASSWORD = compile_re2(r"(?i)(?:password|pwd)\s*=\s*")
_SERVER_KEYS = frozenset(
    {
        "server",
        "data source",
        "datasource",
        "host",
        "hostname",
        "hostaddr",
        "address",
        "addr",
        "network address",
        "server name",
        "servername",
        "endpoint",
        "dsn",
        "account",
        "url",
    }
)
_OTHER_KEYS = frozenset(
    {
        "user id",
        "userid",
        "user",
        "uid",
        "username",
        "initial catalog",
        "database",
        "databasename",
        "dbname",
        "port",
        "driver",
        "provider",
        "sslmode",
        "integrated security",
        "trusted_connection",
        "encrypt",
        "schema",
        "warehouse",
        "role",
    }
)


def _pairs(segment: str, sep: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in segment.split(sep):
        key, eq, value = part.partition("=")
        if eq:
            out[" ".join(key.lower().split())] = value.strip()
    return out


class KeyValueConnectionString:
    """``Server=…;Database=…;User Id=…;Password=…;`` (ADO.NET, ODBC, JDBC properties) and
    ``host=… dbname=… user=… password=…`` (libpq)."""

    id = "connection-string-params"
    keywords = ("password", "pwd")
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        last = -1
        for pos in doc.positions(self.keywords):
            if pos < last:
                continue
            if doc.is_word_byte(pos - 1) or _KV_PASSWORD.match(data, pos) is None:
                continue
            lo, hi = doc.line_bounds(pos, 1024)
            last = hi  # the other hits on this line are judged with this one
            line = doc.value(lo, hi)
            at = len(doc.data[lo:pos].decode("utf-8", "replace"))
            found = self._judge(line, at)
            if found is None:
                continue
            s, e = found
            start = lo + len(line[:s].encode())
            end = lo + len(line[:e].encode())
            last = end
            yield finding(self.id, "CONNECTION_STRING", start, end, 0.9, "connection string")

    def _judge(self, line: str, at: int) -> tuple[int, int] | None:
        # the quoted string (or the line) that holds the password
        left = max(line.rfind(q, 0, at) for q in "\"'`")
        right_candidates = [i for i in (line.find(q, at) for q in "\"'`") if i >= 0]
        seg_start = left + 1
        seg_end = min(right_candidates) if right_candidates else len(line)
        segment = line[seg_start:seg_end]
        rel = at - seg_start
        if ";" in segment:
            pairs, sep = _pairs(segment, ";"), ";"
            need_other = 1
        else:
            pairs, sep = _pairs(segment, " "), " "
            need_other = 2
        servers = _SERVER_KEYS & pairs.keys()
        others = _OTHER_KEYS & pairs.keys()
        if not servers or len(others) < need_other:
            return None
        pw_part = segment[rel:].split(sep, 1)[0]
        password = pw_part.partition("=")[2].strip().strip("{}")
        user = pairs.get("user id") or pairs.get("uid") or pairs.get("user") or ""
        if is_stand_in_password(password, user):
            return None
        low = segment.lower()
        first = min([rel] + [i for i in (low.find(k + "=") for k in pairs) if i >= 0])
        return seg_start + first, seg_start + len(segment.rstrip(" ;,"))


# ---- Oracle, JAAS, command lines --------------------------------------------------------

_ORACLE = compile_re2(
    r"(?i)(?:jdbc:oracle:(?:thin|oci8?):|(?:sqlplus|rman target|expdp|impdp|sqlldr|exp|imp)\s+(?:-[a-z]+\s+)*)"
    r"(?P<user>[A-Za-z][\w$#]{0,29})/(?P<pw>[^@\s\"'/]{1,64})@(?P<db>[^\s\"'<>]{1,200})"
)
_JAAS = compile_re2(
    r"(?i)LoginModule\s+required\b[^;]{0,600}?\bpassword\s*=\s*\\?[\"'](?P<pw>[^\"'\\\n]{1,256})\\?[\"']"
)
_DB_CLI = compile_re2(
    r"(?i)\b(?:mysql(?:dump|admin|import|sh)?|mariadb(?:-dump)?)\s[^\n|;&]{0,200}?\s-p(?P<pw>[^\s\"'-][^\s\"']{0,63})"
    r"|\bredis-cli\s[^\n|;&]{0,200}?\s(?:-a|--pass)\s+[\"']?(?P<rpw>[^\s\"']{1,128})"
)


class PatternCredential:
    """One regex whose named group ``pw`` (or ``rpw``) is the password; the whole match (or
    the password alone) is reported."""

    context_words: tuple[str, ...] = ()

    def __init__(
        self, id_: str, rx: Any, keywords: tuple[str, ...], whole: bool, note: str
    ) -> None:
        self.id = id_
        self.rx = rx
        self.keywords = keywords
        self.whole = whole
        self.note = note

    def detect(self, doc: Document) -> Iterator[Finding]:
        rx = self.rx
        last = -1
        for pos in doc.positions(self.keywords):
            if pos < last:
                continue
            lo, hi = max(0, pos - 16), min(len(doc.data), pos + 800)
            for m in rx.finditer(doc.data, lo, hi):
                gi = rx.groupindex
                s, e = m.span(gi["pw"])
                if s < 0 and "rpw" in gi:
                    s, e = m.span(gi["rpw"])
                if s < 0 or e <= last:
                    continue
                user = (
                    m.group(gi["user"]).decode()
                    if "user" in gi and m.span(gi["user"])[0] >= 0
                    else ""
                )
                if is_stand_in_password(doc.value(s, e), user):
                    continue
                last = m.end()
                if self.whole:
                    # from the user on: "sqlplus -s" is not part of the connect string
                    start = m.start()
                    if "user" in gi and doc.data[m.start() : m.start() + 5].lower() != b"jdbc:":
                        start = m.span(gi["user"])[0]
                    yield finding(self.id, "CONNECTION_STRING", start, m.end(), 0.9, self.note)
                else:
                    yield finding(self.id, "PASSWORD", s, e, 0.85, self.note)


DETECTORS = [
    UrlCredentials("connection-string-url", databases=True),
    KeyValueConnectionString(),
    PatternCredential(
        "oracle-connect-string",
        _ORACLE,
        ("jdbc:oracle", "sqlplus", "rman", "expdp", "impdp", "sqlldr", "exp ", "imp "),
        True,
        "Oracle user/password@database",
    ),
    PatternCredential(
        "kafka-jaas-password", _JAAS, ("loginmodule",), False, "Kafka SASL JAAS password"
    ),
    PatternCredential(
        "db-cli-password",
        _DB_CLI,
        ("mysql", "mariadb", "redis-cli"),
        False,
        "password on a database command line",
    ),
]
