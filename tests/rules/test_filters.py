import uuid

import pytest

from tiergate.detect import filters as F


def cases(predicate: F.Filter, yes: list[str], no: list[str]) -> list[tuple[F.Filter, str, bool]]:
    return [(predicate, v, True) for v in yes] + [(predicate, v, False) for v in no]


TABLE = [
    *cases(
        F.is_template,
        [
            "${DB_PASS}",
            "${{ secrets.TOKEN }}",
            "{{ .Values.password }}",
            "$API_KEY",
            "%NUGET_PW%",
            "<your-token>",
            "[PASSWORD]",
            "{password}",
            "$(cat pw.txt)",
            "%(password)s",
            "__SECRET__",
            "#{db_pass}",
            "<%= pw %>",
            "prefix-${SUFFIX}",
        ],
        [
            "m{{h}o)p${e]nob(ody[finds>-_$#thisone}}",
            "P@ssw0rd$1",
            "{ZqL5kVrX1n8tA2}",
            "Zf3D0LXCM3EI",
        ],
    ),
    *cases(
        F.is_env_reference,
        [
            'os.environ["X"]',
            "process.env.API_KEY",
            'System.getenv("PW")',
            "ENV['TOKEN']",
            "${{ secrets.X }}",
            "vault:secret/data/db#password",
            "settings.SECRET_KEY",
        ],
        ["Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB", "environment-agnostic"],
    ),
    *cases(
        F.is_placeholder,
        [
            "AKIAIOSFODNN7EXAMPLE",
            "your_api_key_here",
            "<insert token>",
            "xxxxxxxxxxxx",
            "${X}",
            "changeme",
            "REDACTED",
        ],
        ["Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB", "TestSourcePassword"],
    ),
    *cases(
        F.is_masked,
        ["sk-…Qx7F", "sk-****Qx7F", "ghp_...abcd", "pw-xxxx-1234", "●●●●●●"],
        ["Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"],
    ),
    *cases(
        F.is_repetitive,
        ["aaaaaaaaaaaa", "ghp_000000000000", "abababababab", "saltSALTsaltSALT"],
        ["Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB", "short"],
    ),
    *cases(
        F.is_sequential,
        ["0123456789abcdef", "ABCDEFGHIJKLMNOP", "qwertyuiop123"],
        ["Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB", "abc"],
    ),
    *cases(
        F.is_uuid,
        ["dafa7817-e246-48f3-91a7-e87653d587b8"],
        ["dafa7817e24648f391a7e87653d587b8", "dafa7817-e246-48f3-91a7"],
    ),
    *cases(
        F.is_nonrandom_uuid,
        [
            str(uuid.uuid1(node=1, clock_seq=1)),
            str(uuid.uuid5(uuid.NAMESPACE_DNS, "x")),
            "00000000-0000-0000-0000-000000000000",
        ],
        [str(uuid.UUID(int=2**100 + 12345, version=4)), "not-a-uuid"],
    ),
    *cases(
        F.is_hex_digest,
        ["9a038989604e8da62ecddbe2094b16ce1b778be1", "5c94767cedb5d6987c902ac850ded2c6"],
        ["9a038989604e8da62ecddbe2094b16ce1b778be", "9a038989604E8da62ecddbe2094b16ce1b778be1"],
    ),
    *cases(
        F.is_base64_image,
        ["data:image/png;base64,iVBORw0KGgo=", "iVBORw0KGgoAAAANSUhEUg", "/9j/4AAQSkZJRg"],
        ["Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"],
    ),
    *cases(
        F.is_code_reference,
        [
            "var.db_password",
            "self.token",
            "get_key()",
            "args['pw']",
            "cfg.password || ''",
            "os.getcwd(",
            "[listener.fileno(), r]",
            "**kwargs",
            "XSalsa20.key_length",
        ],
        ["_.S37hn-vlz38Gl63j-VyWnqtYJCpR", "m{{h}o)p${e]nob(ody[finds>-_$#thisone}}", "Zf3D0LXC"],
    ),
    *cases(
        F.is_plain_word,
        ["real_key", "SECRET_NAME", "myService", "_getpass", "Proxy-Authorization"],
        ["rootpasswd1", "Zf3D0LXCM3EI", "pa$$word"],
    ),
    *cases(
        F.is_identifier,
        ["pkcs8_priv_key_info_st", "PBE2PARAM_st", "CRYPTO_dynlock"],
        ["CLOJARS_34bf0e88955ff5a1c328d6a7491acc4f48e865a7b8dd4d70a70749037443", "aB3_xY9z"],
    ),
    *cases(
        F.is_trivial,
        ["true", "None", "8080", "1.5", "string", "password", "changeit", ",.:-¨@*¿?!"],
        ["A,.:-¨@*¿?!", "hunter22x"],
    ),
    *cases(
        F.is_url_or_path,
        [
            "https://x.example/a",
            "/tmp/app.keytab",
            "env/cert.p12",
            "s_rsa1024_priv.pem",
            "james.doe@example.org",
            "sm02915.int.contoso.com",
            "localhost:22",
            r"C:\keys\id.pem",
        ],
        ["/Ab3dEf9xQ/z1K2LmN7pqAA", "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"],
    ),
    *cases(
        F.is_version,
        ["1.7.8", "v2.0.1-rc1", "rc0.15.0_20231217_1420-SNAPSHOT", "jjwt-jackson-0.11.2"],
        ["Zf3D0LXCM3EI", "1234567890"],
    ),
    *cases(
        F.is_prose,
        ["Enter your password.", "The token is required", "not a secret at all, really"],
        ["correct horse battery staple", "value with quotes and spaces", "Zf3D0LXC"],
    ),
]


@pytest.mark.parametrize(
    ("predicate", "value", "expected"),
    TABLE,
    ids=[f"{p.__name__}-{v[:24]}" for p, v, _ in TABLE],
)
def test_filter(predicate: F.Filter, value: str, expected: bool) -> None:
    assert predicate(value) is expected


def test_filter_sets_keep_their_names() -> None:
    assert (F.is_placeholder, F.is_masked, F.is_repetitive) == F.SECRET_FILTERS
    assert set(F.SECRET_FILTERS) < set(F.GENERIC_SECRET_FILTERS)
    assert set(F.SECRET_FILTERS) < set(F.VALUE_FILTERS)
    assert F.is_uuid in F.GENERIC_SECRET_FILTERS and F.is_hex_digest in F.GENERIC_SECRET_FILTERS
